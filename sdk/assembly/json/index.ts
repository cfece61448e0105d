/** The SDK's JSON module: parse into JsonValue, write with quote/toJson/JsonObj/JsonArr. */
export { JsonValue, JsonType } from './value';
export { parse, parseError, MAX_DEPTH } from './parse';
export { quote, numberToJson, toJson, raw, RawJson, JsonObj, JsonArr } from './write';
