/**
 * JSONata-mode templates (`Arguments`, `Output`, `Assign`, `ItemSelector`, `Items`): any JSON
 * value in which every string of the form `{% expression %}` is replaced by its value. Field names
 * are taken as written; a `.$` suffix means nothing here.
 */
import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { evaluateJsonata, jsonataExpressionOf, type JsonataScope } from './jsonata-expression.js';

/**
 * Evaluates a template. `field` names the value in error causes the way AWS does, each nesting
 * level appended after a slash (`Output/result`).
 */
export async function evaluateJsonataTemplate(
  value: Json,
  field: string,
  scope: JsonataScope,
): Promise<Json> {
  const expression = jsonataExpressionOf(value);
  if (expression !== undefined) return evaluateJsonata(expression, field, scope);
  if (Array.isArray(value)) {
    const items: Json[] = [];
    for (const [index, item] of value.entries()) {
      items.push(await evaluateJsonataTemplate(item, `${field}/${index}`, scope));
    }
    return items;
  }
  if (isJsonObject(value)) {
    const result: JsonObject = {};
    for (const [key, member] of Object.entries(value)) {
      result[key] = await evaluateJsonataTemplate(member, `${field}/${key}`, scope);
    }
    return result;
  }
  return value;
}
