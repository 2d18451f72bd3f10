// What a refused deploy shows, and where: field problems at their inputs, the HTTP rule's
// problem with its position, trigger problems at their rows, and compile errors placed in the
// editor. The rule's problem, the trigger problems and the compile errors belong to the text
// that was sent: once it is edited they are gone.
import type { ExpressionIssue } from '../../api';
import { compileErrorsOf, errorsFor, type PlacedError } from './compile-errors';
import { formErrors, ruleIssue, type FormField, type FunctionForm } from './function-form';
import {
  localTriggerProblems,
  noTriggerErrors,
  placeTriggerProblems,
  serverTriggerProblems,
  type TriggerErrors,
} from './trigger-problems';

export interface DeployProblems {
  fields: Partial<Record<FormField, string>>;
  rule: ExpressionIssue | undefined;
  triggers: TriggerErrors;
  compile: PlacedError[];
}

/**
 * `submitted`: the form as the failed deploy sent it; `local`: what the form itself refused
 * before sending (it wins over the server's older verdict); `checked`: the form as it was when
 * Deploy was last pressed, whose trigger rows the form checks itself.
 */
export function deployProblems(
  error: unknown,
  submitted: FunctionForm | null,
  form: FunctionForm,
  local: Partial<Record<FormField, string>> = {},
  checked: FunctionForm | null = null,
): DeployProblems {
  const fields = { ...formErrors(error, submitted ?? form) };
  const sameRule = submitted !== null && submitted.rule === form.rule && submitted.ruleMode === form.ruleMode;
  if (!sameRule) delete fields.rule;
  const triggers = checked ? placeTriggerProblems(localTriggerProblems(checked), checked, form) : noTriggerErrors();
  return {
    fields: { ...fields, ...local },
    rule: sameRule ? ruleIssue(error) : undefined,
    triggers: submitted ? placeTriggerProblems(serverTriggerProblems(error), submitted, form, triggers) : triggers,
    compile: submitted
      ? errorsFor(form.source, form.language, {
          source: submitted.source,
          language: submitted.language,
          errors: compileErrorsOf(error),
        })
      : [],
  };
}
