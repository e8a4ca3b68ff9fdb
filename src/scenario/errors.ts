/** One problem with user input, located as precisely as we can: file, line, column, field path. */
export interface InputIssue {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
  message: string;
}

/** Bad input: the CLI prints the issues and exits 2, without a stack trace. */
export class InputError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InputError';
  }
}

export function formatIssue(i: InputIssue): string {
  const where = [i.file, i.line, i.column].filter((x) => x !== undefined).join(':');
  const field = i.path ? `${i.path}: ` : '';
  return `${where ? `${where}: ` : ''}${field}${i.message}`;
}

export const inputError = (message: string, where: Omit<InputIssue, 'message'> = {}) => new InputError([{ ...where, message }]);
