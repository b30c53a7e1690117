import { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * A JSON Schema validator for dist/flow.schema.json that refuses keywords no validator knows
 * (strict), except VS Code's own, which the schema writes for editors: `patternErrorMessage`
 * (what a pattern means, in words), `enumDescriptions` (the docs of each step type) and the
 * Markdown of both docs (`markdownDescription`, `markdownEnumDescriptions`).
 */
export function strictAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  for (const keyword of ['patternErrorMessage', 'enumDescriptions', 'markdownDescription', 'markdownEnumDescriptions']) ajv.addKeyword(keyword);
  return ajv;
}
