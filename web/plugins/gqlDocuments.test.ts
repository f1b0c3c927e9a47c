import { describe, expect, it } from "vitest";
import { collectFragments, rewriteDocuments, withFragments } from "./gqlDocuments";

const SOURCES = [
  'import { graphql } from "../../gql";\nexport const A = graphql(`\n  fragment A on T {\n    id\n    ...B\n  }\n`);',
  "export const B = graphql(`fragment B on T { name ...C }`);\nexport const C = graphql(`fragment C on T { code }`);",
];

describe("graphql() documents rewritten to their text", () => {
  const fragments = collectFragments(SOURCES);

  it("appends every spread fragment once, transitively, but not inline fragments", () => {
    const text = withFragments("query Q { a { ...A ... on T { x } } b { ...B } }", fragments);
    const definitions = text.split("\n");
    expect(definitions[0]).toBe("query Q { a { ...A ... on T { x } } b { ...B } }");
    expect(definitions.slice(1).sort()).toEqual([
      "fragment A on T { id ...B }",
      "fragment B on T { name ...C }",
      "fragment C on T { code }",
    ]);
  });

  it("replaces the call and drops the import of the document map", () => {
    const code = rewriteDocuments(SOURCES[0]!, fragments)!;
    expect(code).not.toContain("graphql(");
    expect(code).not.toContain('from "../../gql"');
    expect(code).toContain('export const A = "fragment A on T { id ...B }\\nfragment B on T');
  });

  it("leaves modules without the import alone", () => {
    expect(rewriteDocuments("const x = 1;", fragments)).toBeNull();
  });
});
