// Prints an AST as a compact S-expression so grammar specs can state expected trees in one
// readable line, e.g. `(and (> qty 5) (! (= a null)))`.

import type { Expression, Operand } from './ast.js';

export function toSExpression(node: Expression): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.kind} ${node.operands.map(toSExpression).join(' ')})`;
    case 'not':
      return `(! ${toSExpression(node.operand)})`;
    case 'comparison':
      return `(${node.operator} ${formatOperand(node.left)} ${formatOperand(node.right)})`;
  }
}

function formatOperand(operand: Operand): string {
  switch (operand.kind) {
    case 'field':
      return operand.path.join('.');
    case 'macro':
      return operand.macro === 'body' ? `@body.${operand.field}` : `@${operand.macro}`;
    case 'string':
      return JSON.stringify(operand.value);
    case 'number':
      return operand.raw;
    case 'boolean':
      return String(operand.value);
    case 'null':
      return 'null';
    case 'list':
      return `[${operand.items.map(formatOperand).join(' ')}]`;
  }
}
