// Cosmos DB for the production store: one account, one database, the two containers of
// core/store/cosmos/cosmos-layout.ts with the same partition keys and indexing policy. The app checks at
// start-up that the containers it finds are partitioned this way (createCosmosStore), so a drift between
// this file and cosmos-layout.ts stops the app instead of corrupting data; test/shipping checks it too.

@description('Azure region.')
param location string

@description('Cosmos DB account name (globally unique, lowercase).')
@minLength(3)
@maxLength(44)
param accountName string

@description('Database name (the app\'s COSMOS_DATABASE).')
param databaseName string = 'account-teams'

@description('Serverless (pay per request; good up to moderate load) or provisioned autoscale throughput.')
param serverless bool = true

@description('Autoscale ceiling per container in RU/s when not serverless.')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

param tags object = {}

// Mirrors INDEXING_POLICY in core/store/cosmos/cosmos-layout.ts: everything indexed except the etag.
var indexingPolicy = {
  indexingMode: 'consistent'
  automatic: true
  includedPaths: [
    {
      path: '/*'
    }
  ]
  excludedPaths: [
    {
      path: '/"_etag"/?'
    }
  ]
}

// Mirrors CONTAINER_DEFINITIONS in cosmos-layout.ts.
var containers = [
  {
    name: 'directory'
    partitionKeyPath: '/tenantId'
  }
  {
    name: 'accounts'
    partitionKeyPath: '/pk'
  }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: serverless ? [
      {
        name: 'EnableServerless'
      }
    ] : []
    // The app authenticates with the account key (COSMOS_KEY, kept in Key Vault).
    disableLocalAuth: false
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for container in containers: {
  parent: database
  name: container.name
  properties: {
    resource: {
      id: container.name
      partitionKey: {
        paths: [
          container.partitionKeyPath
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: indexingPolicy
    }
    options: serverless ? {} : {
      autoscaleSettings: {
        maxThroughput: autoscaleMaxThroughput
      }
    }
  }
}]

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
