/**
 * `LpServices` of the V2 entry (core-functions-toolbelt's `WellKnownLPServices`):
 * V1's names and values, except `AUDITLOG`, which V2 spells `auditLog`.
 */
import { LpServices as V1LpServices } from "../../enums/lp-services";

export const LpServices = Object.freeze({
  ...V1LpServices,
  AUDITLOG: "auditLog",
} as const);

/** A LivePerson service name of `LpServices` (any other CSDS name may be passed as a string). */
export type LpServices = (typeof LpServices)[keyof typeof LpServices];
