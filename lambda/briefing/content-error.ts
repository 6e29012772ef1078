/** Bad content: names the file and the field, and says what was expected. */
export class ContentError extends Error {
  readonly file: string;
  readonly field: string;

  constructor(file: string, field: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ContentError';
    this.file = file;
    this.field = field;
  }
}
