// System administrators: the machine clients of the registry API, and their revocation.
import { graphql } from "../../gql";

export const MachineClientsQuery = graphql(`
  query MachineClients {
    machineClients {
      clientId
      name
      scopes
      rateLimit
      createdAt
      revokedAt
    }
  }
`);

export const RevokeMachineClientMutation = graphql(`
  mutation RevokeMachineClient($clientId: String!) {
    revokeMachineClient(clientId: $clientId) {
      __typename
      ... on RevokeMachineClientSuccess {
        client {
          clientId
          revokedAt
        }
      }
      ... on Error {
        code
        message
        reason
        params {
          name
          value
        }
      }
    }
  }
`);
