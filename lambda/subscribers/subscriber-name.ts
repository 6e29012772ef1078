/** The longest name kept: a greeting, not a biography. */
export const NAME_MAX = 100;

export class InvalidNameError extends Error {
  constructor(reason: string) {
    super(`Expected a one-line name of at most ${NAME_MAX} characters: ${reason}`);
    this.name = 'InvalidNameError';
  }
}

/**
 * Trims a subscriber's name; an empty one is no name. Control characters (CR and LF above
 * all: the name goes into the To header) and over-long names are refused, not cleaned.
 */
export function checkedName(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const name = value.trim().replace(/[ \t]+/gu, ' ');
  if (name === '') return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/u.test(name))
    throw new InvalidNameError('it has a line break or control character');
  if (Array.from(name).length > NAME_MAX)
    throw new InvalidNameError(`it is ${Array.from(name).length} characters long`);
  return name;
}
