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
      webhooks {
        id
        url
        numbersCount
        createdAt
      }
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
      ...ErrorFields
    }
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($subscriptionId: ID!) {
    webhookDeliveries(subscriptionId: $subscriptionId) {
      id
      type
      status
      attempts
      lastStatusCode
      lastError
      createdAt
      deliveredAt
    }
  }
`);

export const SendWebhookTestMutation = graphql(`
  mutation SendWebhookTest($subscriptionId: ID!) {
    sendWebhookTest(subscriptionId: $subscriptionId) {
      __typename
      ... on WebhookTestSent {
        delivery {
          id
          type
          status
          attempts
          lastStatusCode
          lastError
          createdAt
          deliveredAt
        }
      }
      ...ErrorFields
    }
  }
`);
