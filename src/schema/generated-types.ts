/** The schema shapes the validators and the message translator share. */

/** The subset of JSON Schema the "did you mean" searches read (built-in nodes and --schema files alike). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  required?: string[];
  enum?: unknown[];
  $ref?: string;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
}

/** One schema violation, in ajv's vocabulary: `keyword` and `params` as ajv names them. */
export interface SchemaError {
  /** Keys and array indexes from the object's root to the value at fault. */
  path: (string | number)[];
  keyword: string;
  params: Record<string, unknown>;
}
