/** The platform API's paths now live in the platform contract (`src/platform/api.ts`). */
export { PlatformApi, PLATFORM_API_PREFIX, type PlatformErrorBody } from "../platform/api";
