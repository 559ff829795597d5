// The Azure Bot resource: Bot Framework identity and the messaging endpoint, with the Teams channel on.

@description('Bot resource name (globally unique).')
param botName string

@description('Name shown in the Azure portal and to Bot Framework.')
param displayName string

@description('https://<public host>/api/messages')
param messagingEndpoint string

@description('SingleTenant (an app registration in your tenant), UserAssignedMSI (the app\'s managed identity) or MultiTenant (existing registrations only: Azure no longer creates new multi-tenant bots).')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
  'MultiTenant'
])
param appType string

@description('Microsoft App ID: the app registration\'s client id, or the managed identity\'s client id.')
param appId string

@description('Tenant of the app registration or managed identity (not used for MultiTenant).')
param appTenantId string

@description('Managed identity resource id, for UserAssignedMSI only.')
param msiResourceId string = ''

@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

param tags object = {}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppId: appId
    msaAppType: appType
    msaAppTenantId: appType == 'MultiTenant' ? null : appTenantId
    msaAppMSIResourceId: appType == 'UserAssignedMSI' ? msiResourceId : null
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      acceptedTerms: true
    }
  }
}

output botName string = bot.name
output messagingEndpoint string = bot.properties.endpoint
