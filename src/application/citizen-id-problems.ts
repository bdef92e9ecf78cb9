// Citizen-ID problems (domain/citizen-id.ts) as field problems of a form or request.
import type { CitizenIdProblem } from '../domain/citizen-id.js';
import type { FieldProblem } from './errors.js';

/** `prefix` is the path of the person in the input, e.g. `applicant.`. */
export function citizenIdProblems(
  problems: readonly CitizenIdProblem[],
  prefix = '',
): FieldProblem[] {
  return problems.map((problem): FieldProblem => {
    const field = `${prefix}citizenId`;
    switch (problem.code) {
      case 'format':
        return { field, reason: 'format', message: 'citizenId.format' };
      case 'unknown_prefix':
        return {
          field,
          reason: problem.code,
          message: 'citizenId.unknown_prefix',
          params: { prefix: problem.prefix },
        };
      case 'century':
        return { field, reason: problem.code, message: 'citizenId.century' };
      case 'birth_year_mismatch':
        return {
          field: `${prefix}dateOfBirth`,
          reason: problem.code,
          message: 'citizenId.birth_year_mismatch',
          params: {
            idYear: String(problem.idBirthYear),
            birthYear: String(problem.dateOfBirthYear),
          },
        };
      case 'sex_mismatch':
        return { field: `${prefix}sex`, reason: problem.code, message: 'citizenId.sex_mismatch' };
      case 'future_birth_year':
        return {
          field,
          reason: problem.code,
          message: 'citizenId.future_birth_year',
          params: { idYear: String(problem.idBirthYear) },
        };
    }
  });
}
