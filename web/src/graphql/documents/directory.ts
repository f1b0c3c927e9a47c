import { graphql } from "../../gql";

export const AuthoritiesQuery = graphql(`
  query Authorities {
    authorities {
      code
      nameZh
      nameEn
      level
    }
  }
`);

export const InstitutionsQuery = graphql(`
  query Institutions($filter: InstitutionFilter, $first: Int!, $after: String) {
    institutions(filter: $filter, first: $first, after: $after) {
      nodes {
        id
        name
        nameEn
        type
        level
        beds
        address
        status
        licenceNumber
        district {
          code
          nameZh
          nameEn
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const InstitutionQuery = graphql(`
  query Institution($id: ID!) {
    institution(id: $id) {
      id
      uscc
      licenceNumber
      name
      nameEn
      type
      level
      beds
      address
      status
      subjects
      validatedUntil
      district {
        code
        nameZh
        nameEn
      }
      authority {
        code
        nameZh
        nameEn
      }
    }
  }
`);

export const InstitutionChoicesQuery = graphql(`
  query InstitutionChoices($nameContains: String!) {
    institutions(filter: { nameContains: $nameContains }, first: 8) {
      nodes {
        id
        uscc
        name
        nameEn
        address
        district {
          code
          nameZh
          nameEn
        }
      }
    }
  }
`);
