import type { IntrinsicName } from './intrinsic.ast.js';
import type { IntrinsicFunction } from './intrinsic.function.js';
import { statesArrayContains } from './states.array-contains.js';
import { statesArrayGetItem } from './states.array-get-item.js';
import { statesArrayLength } from './states.array-length.js';
import { statesArrayPartition } from './states.array-partition.js';
import { statesArrayRange } from './states.array-range.js';
import { statesArrayUnique } from './states.array-unique.js';
import { statesArray } from './states.array.js';
import { statesBase64Decode } from './states.base64-decode.js';
import { statesBase64Encode } from './states.base64-encode.js';
import { statesFormat } from './states.format.js';
import { statesHash } from './states.hash.js';
import { statesJsonMerge } from './states.json-merge.js';
import { statesJsonToString } from './states.json-to-string.js';
import { statesMathAdd } from './states.math-add.js';
import { statesMathRandom } from './states.math-random.js';
import { statesStringSplit } from './states.string-split.js';
import { statesStringToJson } from './states.string-to-json.js';
import { statesUuid } from './states.uuid.js';

/** Every intrinsic function by name; the `Record` type makes a missing one a compile error. */
export const INTRINSIC_FUNCTIONS: Readonly<Record<IntrinsicName, IntrinsicFunction>> = {
  'States.Format': statesFormat,
  'States.StringToJson': statesStringToJson,
  'States.JsonToString': statesJsonToString,
  'States.Array': statesArray,
  'States.ArrayPartition': statesArrayPartition,
  'States.ArrayContains': statesArrayContains,
  'States.ArrayRange': statesArrayRange,
  'States.ArrayGetItem': statesArrayGetItem,
  'States.ArrayLength': statesArrayLength,
  'States.ArrayUnique': statesArrayUnique,
  'States.Base64Encode': statesBase64Encode,
  'States.Base64Decode': statesBase64Decode,
  'States.Hash': statesHash,
  'States.JsonMerge': statesJsonMerge,
  'States.MathRandom': statesMathRandom,
  'States.MathAdd': statesMathAdd,
  'States.StringSplit': statesStringSplit,
  'States.UUID': statesUuid,
};
