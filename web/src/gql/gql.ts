/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Authorities {\n    authorities {\n      code\n      nameZh\n      nameEn\n      level\n    }\n  }\n": typeof types.AuthoritiesDocument,
    "\n  query Institutions($filter: InstitutionFilter, $first: Int!, $after: String) {\n    institutions(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        name\n        nameEn\n        type\n        level\n        beds\n        address\n        status\n        licenceNumber\n        district {\n          code\n          nameZh\n          nameEn\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.InstitutionsDocument,
    "\n  query Institution($id: ID!) {\n    institution(id: $id) {\n      id\n      uscc\n      licenceNumber\n      name\n      nameEn\n      type\n      level\n      beds\n      address\n      status\n      subjects\n      validatedUntil\n      district {\n        code\n        nameZh\n        nameEn\n      }\n      authority {\n        code\n        nameZh\n        nameEn\n      }\n    }\n  }\n": typeof types.InstitutionDocument,
};
const documents: Documents = {
    "\n  query Authorities {\n    authorities {\n      code\n      nameZh\n      nameEn\n      level\n    }\n  }\n": types.AuthoritiesDocument,
    "\n  query Institutions($filter: InstitutionFilter, $first: Int!, $after: String) {\n    institutions(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        name\n        nameEn\n        type\n        level\n        beds\n        address\n        status\n        licenceNumber\n        district {\n          code\n          nameZh\n          nameEn\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.InstitutionsDocument,
    "\n  query Institution($id: ID!) {\n    institution(id: $id) {\n      id\n      uscc\n      licenceNumber\n      name\n      nameEn\n      type\n      level\n      beds\n      address\n      status\n      subjects\n      validatedUntil\n      district {\n        code\n        nameZh\n        nameEn\n      }\n      authority {\n        code\n        nameZh\n        nameEn\n      }\n    }\n  }\n": types.InstitutionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Authorities {\n    authorities {\n      code\n      nameZh\n      nameEn\n      level\n    }\n  }\n"): (typeof documents)["\n  query Authorities {\n    authorities {\n      code\n      nameZh\n      nameEn\n      level\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Institutions($filter: InstitutionFilter, $first: Int!, $after: String) {\n    institutions(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        name\n        nameEn\n        type\n        level\n        beds\n        address\n        status\n        licenceNumber\n        district {\n          code\n          nameZh\n          nameEn\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Institutions($filter: InstitutionFilter, $first: Int!, $after: String) {\n    institutions(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        name\n        nameEn\n        type\n        level\n        beds\n        address\n        status\n        licenceNumber\n        district {\n          code\n          nameZh\n          nameEn\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Institution($id: ID!) {\n    institution(id: $id) {\n      id\n      uscc\n      licenceNumber\n      name\n      nameEn\n      type\n      level\n      beds\n      address\n      status\n      subjects\n      validatedUntil\n      district {\n        code\n        nameZh\n        nameEn\n      }\n      authority {\n        code\n        nameZh\n        nameEn\n      }\n    }\n  }\n"): (typeof documents)["\n  query Institution($id: ID!) {\n    institution(id: $id) {\n      id\n      uscc\n      licenceNumber\n      name\n      nameEn\n      type\n      level\n      beds\n      address\n      status\n      subjects\n      validatedUntil\n      district {\n        code\n        nameZh\n        nameEn\n      }\n      authority {\n        code\n        nameZh\n        nameEn\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;