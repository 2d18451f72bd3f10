// What a refused deploy shows, and where: field problems at their inputs, the HTTP rule's
// problem with its position, and compile errors placed in the editor. The rule's problem and
// the compile errors belong to the text that was sent: once it is edited they are gone.
import type { ExpressionIssue } from '../../api';
import { compileErrorsOf, errorsFor, type PlacedError } from './compile-errors';
import { formErrors, ruleIssue, type FormField, type FunctionForm } from './function-form';

export interface DeployProblems {
  fields: Partial<Record<FormField, string>>;
  rule: ExpressionIssue | undefined;
  compile: PlacedError[];
}

/**
 * `submitted`: the form as the failed deploy sent it; `local`: what the form itself refused
 * before sending (it wins over the server's older verdict).
 */
export function deployProblems(
  error: unknown,
  submitted: FunctionForm | null,
  form: FunctionForm,
  local: Partial<Record<FormField, string>> = {},
): DeployProblems {
  const fields = { ...formErrors(error, submitted ?? form) };
  const sameRule = submitted !== null && submitted.rule === form.rule && submitted.ruleMode === form.ruleMode;
  if (!sameRule) delete fields.rule;
  return {
    fields: { ...fields, ...local },
    rule: sameRule ? ruleIssue(error) : undefined,
    compile: submitted
      ? errorsFor(form.source, form.language, {
          source: submitted.source,
          language: submitted.language,
          errors: compileErrorsOf(error),
        })
      : [],
  };
}
