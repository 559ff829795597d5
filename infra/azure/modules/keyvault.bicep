// Key Vault holding every secret the app reads, with RBAC: the app's managed identity may read secrets
// and nothing else. COSMOS-KEY is written here from the Cosmos DB account itself, so it never passes
// through a parameter or an output. The other secrets are written only when a value is passed, so a later
// deployment without them keeps what is stored (rotation: infra/DEPLOY.md).

@description('Azure region.')
param location string

@description('Key Vault name (globally unique, 3-24 characters).')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Principal id of the managed identity that reads the secrets (the container apps).')
param readerPrincipalId string

@description('Cosmos DB account whose primary key becomes the COSMOS-KEY secret.')
param cosmosAccountName string

@secure()
@description('Bot app registration client secret (MICROSOFT_APP_PASSWORD). Empty: keep the stored secret.')
param microsoftAppPassword string = ''

@secure()
@description('Temporal Cloud API key (TEMPORAL_API_KEY). Empty: keep the stored secret.')
param temporalApiKey string = ''

@secure()
@description('Temporal mTLS client certificate, PEM. Empty: keep the stored secret.')
param temporalTlsCert string = ''

@secure()
@description('Temporal mTLS client private key, PEM. Empty: keep the stored secret.')
param temporalTlsKey string = ''

param tags object = {}

// Built-in role: Key Vault Secrets User (read secret contents).
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = {
  name: cosmosAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource readerRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, secretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource cosmosKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'COSMOS-KEY'
  properties: {
    value: cosmos.listKeys().primaryMasterKey
    contentType: 'Cosmos DB account key'
  }
}

resource appPassword 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(microsoftAppPassword)) {
  parent: vault
  name: 'MICROSOFT-APP-PASSWORD'
  properties: {
    value: microsoftAppPassword
    contentType: 'Bot app registration client secret'
  }
}

resource apiKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(temporalApiKey)) {
  parent: vault
  name: 'TEMPORAL-API-KEY'
  properties: {
    value: temporalApiKey
    contentType: 'Temporal Cloud API key'
  }
}

resource tlsCert 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(temporalTlsCert)) {
  parent: vault
  name: 'TEMPORAL-TLS-CERT'
  properties: {
    value: temporalTlsCert
    contentType: 'application/x-pem-file'
  }
}

resource tlsKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(temporalTlsKey)) {
  parent: vault
  name: 'TEMPORAL-TLS-KEY'
  properties: {
    value: temporalTlsKey
    contentType: 'application/x-pem-file'
  }
}

output vaultName string = vault.name
@description('Ends with a slash: append secrets/<NAME>.')
output vaultUri string = vault.properties.vaultUri
