// Where a saved webhook's condition broke. The server names the collection and the position in
// the message ("books: unknown field \"x\" (at position 3)") and the position in the problem's
// `position` member; the console shows the position itself, with a caret.
import { ApiError, type ExpressionIssue } from '../../api';

export function conditionIssue(error: unknown): ExpressionIssue | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = error.fieldProblems.find((item) => item.field === 'condition');
  if (!problem) return undefined;
  const position = typeof error.problem.position === 'number' ? error.problem.position : undefined;
  const message = problem.message.replace(/ \(at position \d+\)$/, '');
  return position === undefined ? { message } : { message, position };
}
