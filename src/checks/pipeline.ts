/**
 * The checks that the pipeline itself decides (not a module of their own):
 * `yaml.parse` from the parse stage and `schema.<role>` from the Kubernetes
 * validation of each object, by the role it took.
 */
import type { CheckMeta } from './types.js';
import { ROLE_NAMES } from '../types.js';

export const PIPELINE_CHECKS: readonly CheckMeta[] = [
  {
    id: 'yaml.parse',
    title: 'Every YAML file parses',
    description: 'Every .yml/.yaml file of the submission is valid YAML (what kubectl can read): no tabs for indentation, no duplicate keys, no stray characters, text in UTF-8. A document that fails to parse contributes no object, so its object is graded as missing too.',
    hint: 'fix the YAML at the line shown; an editor with YAML support shows these as you type',
  },
  ...ROLE_NAMES.map((role) => ({
    id: `schema.${role}`,
    role,
    title: `The ${role} object is one the Kubernetes API accepts`,
    description: `The object taken as the ${role} passes the Kubernetes API's validation: no unknown fields (lables), right types (replicas: 2, not "2"), required fields present, enum values spelt right (ReadWriteOnce), and the right apiVersion for its kind. kubectl apply would reject it otherwise.`,
    hint: 'fix the field shown; kubectl apply --dry-run=server -f <file> shows the same error on a real cluster',
  })),
  {
    id: 'schema.other',
    title: 'Other objects are ones the Kubernetes API accepts',
    description: 'Objects that take no role (a debug pod, say) are not graded, but kubectl apply would still reject an invalid one; this reports them.',
    hint: 'fix the field shown',
  },
];
