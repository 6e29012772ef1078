/** CDK context that cannot make a deployable stack: synth prints the message alone and stops. */
export class ContextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContextError';
  }
}
