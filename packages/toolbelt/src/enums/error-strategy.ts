/** What `OrchestratorClient.invoke` does when one invocation fails. */
export enum ErrorStrategy {
  /** Stop and reject with the first failure (default). */
  EXIT_ON_ERROR = "ExitOnError",
  /** Record the failure in that invocation's response and go on. */
  CONTINUE_ON_ERROR = "ContinueOnError",
}
