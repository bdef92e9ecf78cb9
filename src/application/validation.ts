// Validation at every boundary: a zod schema parses the input, and each problem becomes a
// FieldProblem with a stable reason and a message key, translated later in the user's language.
import type { z } from 'zod';
import { isMessageKey } from '../i18n/messages.js';
import { validationError, type FieldProblem } from './errors.js';

type Issue = z.core.$ZodIssue;

function fieldPath(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): string {
  return [...prefix, ...path].map(String).join('.');
}

function sizeProblem(
  issue: Issue & { code: 'too_small' | 'too_big' },
): Omit<FieldProblem, 'field'> {
  const small = issue.code === 'too_small';
  const bound = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') {
    return small && bound === 1
      ? { reason: 'required', message: 'field.required' }
      : small
        ? { reason: 'too_short', message: 'field.too_short', params: { min: bound } }
        : { reason: 'too_long', message: 'field.too_long', params: { max: bound } };
  }
  return small
    ? { reason: 'too_small', message: 'field.too_small', params: { min: bound } }
    : { reason: 'too_big', message: 'field.too_big', params: { max: bound } };
}

/** Turns zod issues into field problems. Custom issues carry a message key as their message. */
export function fieldProblems(
  issues: readonly Issue[],
  prefix: readonly PropertyKey[] = [],
): FieldProblem[] {
  return issues.flatMap((issue): FieldProblem[] => {
    const field = fieldPath(prefix, issue.path);
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({
          field: fieldPath(prefix, [...issue.path, key]),
          reason: 'not_allowed',
          message: 'field.not_allowed',
        }));
      case 'invalid_type':
        return [
          issue.input === undefined || issue.input === null
            ? { field, reason: 'required', message: 'field.required' }
            : { field, reason: 'invalid_type', message: 'field.invalid_type' },
        ];
      case 'too_small':
      case 'too_big':
        return [{ field, ...sizeProblem(issue) }];
      case 'invalid_value':
        return [
          {
            field,
            reason: 'invalid_option',
            message: 'field.invalid_option',
            params: { options: issue.values.map(String).join(', ') },
          },
        ];
      case 'invalid_format':
        return [
          isMessageKey(issue.message)
            ? { field, reason: issue.message.replace(/^field\./, ''), message: issue.message }
            : { field, reason: 'invalid_format', message: 'field.invalid_format' },
        ];
      case 'custom': {
        if (!isMessageKey(issue.message))
          return [{ field, reason: 'invalid', message: 'field.invalid' }];
        const params = issue.params as FieldProblem['params'];
        return [
          {
            field,
            reason: issue.message.replace(/^[a-zA-Z]+\./, ''),
            message: issue.message,
            ...(params === undefined ? {} : { params }),
          },
        ];
      }
      default:
        return [{ field, reason: 'invalid', message: 'field.invalid' }];
    }
  });
}

/** Parses `input` with `schema` or throws a validation_failed AppError naming every field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  prefix: readonly PropertyKey[] = [],
): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw validationError(fieldProblems(result.error.issues, prefix));
}
