/** The command line asked for something the generator will not do; the message says what instead. */
export class GeneratorUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratorUsageError';
  }
}
