// Where a saved webhook's condition broke. The server names the collection and the place in the
// message ("Collection \"books\": Unknown field \"x\" at character 4; …") and the position in the
// problem's `position` member; the console shows the position itself, with a caret.
import { ApiError, withoutPosition, type ExpressionIssue } from '../../api';

export function conditionIssue(error: unknown): ExpressionIssue | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = error.fieldProblems.find((item) => item.field === 'condition');
  if (!problem) return undefined;
  const position = typeof error.problem.position === 'number' ? error.problem.position : undefined;
  if (position === undefined) return { message: problem.message };
  return { message: withoutPosition(problem.message, position), position };
}
