// The Container Apps environment both apps run in, logging to Log Analytics.

@description('Azure region.')
param location string

@description('Container Apps environment name.')
param environmentName string

@description('Log Analytics workspace that receives the container logs.')
param workspaceName string

param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
    ]
  }
}

output environmentId string = environment.id
@description('Apps get <name>.<defaultDomain> as their FQDN.')
output defaultDomain string = environment.properties.defaultDomain
