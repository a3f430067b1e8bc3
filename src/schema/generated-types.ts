/** Shapes of the module that scripts/gen-schemas.mjs generates (generated/k8s-validators.cjs). */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: string[];
  $ref?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

export interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

export interface ValidateFn {
  (data: unknown): boolean;
  errors?: AjvError[] | null;
}

export interface GeneratedModule {
  /** Kind -> precompiled strict validator. */
  [kind: string]: ValidateFn | GeneratedModule['shapes'];
  shapes: {
    /** Kind -> definition name of its root schema. */
    roots: Record<string, string>;
    /** Definition name -> strict JSON Schema ($ref holds a definition name). */
    defs: Record<string, JsonSchema>;
  };
}
