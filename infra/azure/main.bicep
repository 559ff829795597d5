// Account Teams on Azure: everything production mode needs (bot/src/config.ts), in one resource group.
//
//   Azure Bot (Teams channel) ──► web server container app (/api/messages, /api/*, pages; RUN_WORKER=false)
//                                 worker container app (Temporal task queue; RUN_WORKER=true, no ingress)
//   both ──► Cosmos DB (directory /tenantId, accounts /pk) · Temporal (Cloud or self-hosted)
//   secrets from Key Vault through a user-assigned identity · logs in Log Analytics · App Insights
//
// Deploy in two passes (infra/DEPLOY.md): deployApps=false creates the registry and everything the apps
// depend on; after the image is pushed, deployApps=true with containerImage creates the two apps.

targetScope = 'resourceGroup'

// --- naming and placement ---------------------------------------------------------------------------------

@description('Short lowercase prefix for resource names, e.g. acctteams or acct-prod.')
@minLength(3)
@maxLength(12)
param namePrefix string = 'acctteams'

@description('Azure region for everything except the bot (global).')
param location string = resourceGroup().location

@description('Tags for every resource.')
param tags object = {
  app: 'account-teams'
}

// --- the apps -----------------------------------------------------------------------------------------------

@description('false on the first pass (no image yet): creates everything but the two container apps.')
param deployApps bool = true

@description('The image both apps run, e.g. acrxyz.azurecr.io/account-teams:0.1.0 (required when deployApps).')
param containerImage string = ''

@description('A custom domain already bound to the web app (see DEPLOY.md). Empty: the Container Apps FQDN.')
param customDomain string = ''

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@minValue(1)
param serverMinReplicas int = 1
@minValue(1)
param serverMaxReplicas int = 5
@minValue(1)
param workerMinReplicas int = 1
@minValue(1)
param workerMaxReplicas int = 5

@description('vCPU per replica: 0.5 with 1Gi, 1.0 with 2Gi, …')
param serverCpu string = '0.5'
param serverMemory string = '1Gi'
@description('The worker bundles the workflows at start-up; give it at least 1 vCPU.')
param workerCpu string = '1.0'
param workerMemory string = '2Gi'

// --- Cosmos DB ------------------------------------------------------------------------------------------------

param cosmosDatabaseName string = 'account-teams'
@description('Serverless Cosmos DB (pay per request) or provisioned autoscale throughput.')
param cosmosServerless bool = true

// --- Temporal -------------------------------------------------------------------------------------------------

@description('host:port. Temporal Cloud with an API key: <region>.<cloud>.api.temporal.io:7233; with mTLS: <namespace>.<account>.tmprl.cloud:7233; self-hosted: your frontend.')
param temporalAddress string

@description('Temporal Cloud: <namespace>.<account>. Self-hosted: your namespace.')
param temporalNamespace string

param temporalTaskQueue string = 'account-teams'

@description('apiKey (Temporal Cloud API key), mtls (client certificate and key) or none (plaintext, private self-hosted cluster).')
@allowed([
  'apiKey'
  'mtls'
  'none'
])
param temporalAuth string = 'apiKey'

@description('Optional TLS server name override (TEMPORAL_TLS_SERVER_NAME).')
param temporalTlsServerName string = ''

@secure()
@description('TEMPORAL_API_KEY. Pass on the first deployment and on rotation; empty keeps the Key Vault secret.')
param temporalApiKey string = ''

@secure()
@description('PEM client certificate for mtls. Empty keeps the Key Vault secret.')
param temporalTlsCert string = ''

@secure()
@description('PEM client key for mtls. Empty keeps the Key Vault secret.')
param temporalTlsKey string = ''

// --- identity: Entra ID API and the bot ----------------------------------------------------------------------

@description('Client id of the API app registration (ENTRA_CLIENT_ID; the token audience).')
param entraClientId string

@description('Comma-separated tenant ids allowed to call the API (ENTRA_ALLOWED_TENANTS).')
param entraAllowedTenants string = subscription().tenantId

@description('Bot identity: SingleTenant app registration, the apps\' UserAssignedMSI, or an existing MultiTenant registration.')
@allowed([
  'SingleTenant'
  'UserAssignedMSI'
  'MultiTenant'
])
param botAppType string = 'SingleTenant'

@description('The bot app registration\'s client id (MICROSOFT_APP_ID). Ignored with UserAssignedMSI.')
param botAppId string = ''

@description('Tenant of the bot identity.')
param botAppTenantId string = subscription().tenantId

@secure()
@description('The bot app registration\'s client secret (MICROSOFT_APP_PASSWORD). Empty keeps the Key Vault secret.')
param microsoftAppPassword string = ''

@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

// --- names ------------------------------------------------------------------------------------------------------

var suffix = uniqueString(resourceGroup().id, namePrefix)
var compactPrefix = replace(namePrefix, '-', '')
var names = {
  identity: 'id-${namePrefix}'
  workspace: 'log-${namePrefix}'
  appInsights: 'appi-${namePrefix}'
  cosmos: 'cosmos-${namePrefix}-${take(suffix, 8)}'
  keyVault: 'kv-${take(compactPrefix, 8)}-${take(suffix, 10)}'
  registry: 'acr${take(compactPrefix, 10)}${take(suffix, 10)}'
  environment: 'cae-${namePrefix}'
  server: 'ca-${namePrefix}-web'
  worker: 'ca-${namePrefix}-worker'
  bot: 'bot-${namePrefix}-${take(suffix, 8)}'
}
var port = 3978
var temporalTlsMountPath = '/secrets/temporal'

// --- shared pieces ----------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    tags: tags
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    location: location
    accountName: names.cosmos
    databaseName: cosmosDatabaseName
    serverless: cosmosServerless
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    vaultName: names.keyVault
    readerPrincipalId: identity.properties.principalId
    cosmosAccountName: cosmos.outputs.accountName
    microsoftAppPassword: microsoftAppPassword
    temporalApiKey: temporalApiKey
    temporalTlsCert: temporalTlsCert
    temporalTlsKey: temporalTlsKey
    tags: tags
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    registryName: names.registry
    pullerPrincipalId: identity.properties.principalId
    tags: tags
  }
}

module appsEnvironment 'modules/environment.bicep' = {
  name: 'environment'
  params: {
    location: location
    environmentName: names.environment
    workspaceName: monitoring.outputs.workspaceName
    tags: tags
  }
}

var publicHost = empty(customDomain) ? '${names.server}.${appsEnvironment.outputs.defaultDomain}' : customDomain
var publicUrl = 'https://${publicHost}'
var botMsaAppId = botAppType == 'UserAssignedMSI' ? identity.properties.clientId : botAppId

// --- configuration both apps share (bot/src/config.ts) ----------------------------------------------------------

var vaultSecretUrl = '${keyVault.outputs.vaultUri}secrets/'

var keyVaultSecrets = concat(
  [
    {
      name: 'cosmos-key'
      keyVaultUrl: '${vaultSecretUrl}COSMOS-KEY'
    }
  ],
  botAppType == 'UserAssignedMSI' ? [] : [
    {
      name: 'microsoft-app-password'
      keyVaultUrl: '${vaultSecretUrl}MICROSOFT-APP-PASSWORD'
    }
  ],
  temporalAuth == 'apiKey' ? [
    {
      name: 'temporal-api-key'
      keyVaultUrl: '${vaultSecretUrl}TEMPORAL-API-KEY'
    }
  ] : [],
  temporalAuth == 'mtls' ? [
    {
      name: 'temporal-tls-cert'
      keyVaultUrl: '${vaultSecretUrl}TEMPORAL-TLS-CERT'
    }
    {
      name: 'temporal-tls-key'
      keyVaultUrl: '${vaultSecretUrl}TEMPORAL-TLS-KEY'
    }
  ] : []
)

// The app reads the mTLS pair from files (TEMPORAL_TLS_CERT_PATH / TEMPORAL_TLS_KEY_PATH).
var secretVolumes = temporalAuth == 'mtls' ? [
  {
    name: 'temporal-tls'
    mountPath: temporalTlsMountPath
    files: [
      {
        secretRef: 'temporal-tls-cert'
        path: 'client.pem'
      }
      {
        secretRef: 'temporal-tls-key'
        path: 'client.key'
      }
    ]
  }
] : []

var temporalEnv = concat(
  [
    {
      name: 'TEMPORAL_ADDRESS'
      value: temporalAddress
    }
    {
      name: 'TEMPORAL_NAMESPACE'
      value: temporalNamespace
    }
    {
      name: 'TEMPORAL_TASK_QUEUE'
      value: temporalTaskQueue
    }
  ],
  empty(temporalTlsServerName) ? [] : [
    {
      name: 'TEMPORAL_TLS_SERVER_NAME'
      value: temporalTlsServerName
    }
  ],
  temporalAuth == 'apiKey' ? [
    {
      name: 'TEMPORAL_API_KEY'
      secretRef: 'temporal-api-key'
    }
  ] : [],
  temporalAuth == 'mtls' ? [
    {
      name: 'TEMPORAL_TLS_CERT_PATH'
      value: '${temporalTlsMountPath}/client.pem'
    }
    {
      name: 'TEMPORAL_TLS_KEY_PATH'
      value: '${temporalTlsMountPath}/client.key'
    }
  ] : []
)

var appEnv = concat(
  [
    {
      name: 'APP_MODE'
      value: 'production'
    }
    {
      name: 'HOST'
      value: '0.0.0.0'
    }
    {
      name: 'PORT'
      value: string(port)
    }
    {
      name: 'PUBLIC_URL'
      value: publicUrl
    }
    {
      name: 'LOG_LEVEL'
      value: logLevel
    }
    {
      name: 'STORE'
      value: 'cosmos'
    }
    {
      name: 'COSMOS_ENDPOINT'
      value: cosmos.outputs.endpoint
    }
    {
      name: 'COSMOS_DATABASE'
      value: cosmos.outputs.databaseName
    }
    {
      name: 'COSMOS_KEY'
      secretRef: 'cosmos-key'
    }
    {
      name: 'ENTRA_CLIENT_ID'
      value: entraClientId
    }
    {
      name: 'ENTRA_ALLOWED_TENANTS'
      value: entraAllowedTenants
    }
    {
      name: 'MICROSOFT_APP_ID'
      value: botMsaAppId
    }
    {
      name: 'MICROSOFT_APP_TYPE'
      value: botAppType
    }
    {
      name: 'MICROSOFT_APP_TENANT_ID'
      value: botAppType == 'MultiTenant' ? '' : botAppTenantId
    }
    {
      name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
      value: monitoring.outputs.appInsightsConnectionString
    }
  ],
  botAppType == 'UserAssignedMSI' ? [] : [
    {
      name: 'MICROSOFT_APP_PASSWORD'
      secretRef: 'microsoft-app-password'
    }
  ],
  temporalEnv
)

// --- the two apps ------------------------------------------------------------------------------------------------

module server 'modules/container-app.bicep' = if (deployApps) {
  name: 'server'
  params: {
    name: names.server
    location: location
    environmentId: appsEnvironment.outputs.environmentId
    identityId: identity.id
    registryServer: registry.outputs.loginServer
    image: containerImage
    external: true
    targetPort: port
    env: concat(appEnv, [
      {
        name: 'RUN_WORKER'
        value: 'false'
      }
    ])
    keyVaultSecrets: keyVaultSecrets
    secretVolumes: secretVolumes
    cpu: serverCpu
    memory: serverMemory
    minReplicas: serverMinReplicas
    maxReplicas: serverMaxReplicas
    scaleRules: [
      {
        name: 'http-concurrency'
        http: {
          metadata: {
            concurrentRequests: '50'
          }
        }
      }
    ]
    // /healthz answers 200 only when the store and Temporal answer: no traffic to a replica that cannot serve.
    probes: [
      {
        type: 'Startup'
        httpGet: {
          path: '/healthz'
          port: port
        }
        initialDelaySeconds: 5
        periodSeconds: 10
        timeoutSeconds: 5
        failureThreshold: 10
      }
      {
        type: 'Readiness'
        httpGet: {
          path: '/healthz'
          port: port
        }
        periodSeconds: 15
        timeoutSeconds: 5
        failureThreshold: 3
      }
      {
        type: 'Liveness'
        tcpSocket: {
          port: port
        }
        periodSeconds: 30
        timeoutSeconds: 5
        failureThreshold: 3
      }
    ]
    tags: tags
  }
}

module worker 'modules/container-app.bicep' = if (deployApps) {
  name: 'worker'
  params: {
    name: names.worker
    location: location
    environmentId: appsEnvironment.outputs.environmentId
    identityId: identity.id
    registryServer: registry.outputs.loginServer
    image: containerImage
    external: false
    targetPort: port
    env: concat(appEnv, [
      {
        name: 'RUN_WORKER'
        value: 'true'
      }
    ])
    keyVaultSecrets: keyVaultSecrets
    secretVolumes: secretVolumes
    cpu: workerCpu
    memory: workerMemory
    minReplicas: workerMinReplicas
    maxReplicas: workerMaxReplicas
    scaleRules: [
      {
        name: 'cpu'
        custom: {
          type: 'cpu'
          metadata: {
            type: 'Utilization'
            value: '70'
          }
        }
      }
    ]
    // The worker also serves /healthz (no ingress; probes only). It reports "down" when the worker stops.
    probes: [
      {
        type: 'Startup'
        httpGet: {
          path: '/healthz'
          port: port
        }
        initialDelaySeconds: 20
        periodSeconds: 15
        timeoutSeconds: 5
        failureThreshold: 10
      }
      {
        type: 'Liveness'
        httpGet: {
          path: '/healthz'
          port: port
        }
        periodSeconds: 30
        timeoutSeconds: 5
        failureThreshold: 5
      }
    ]
    tags: tags
  }
}

// --- the bot ------------------------------------------------------------------------------------------------------

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: names.bot
    displayName: 'Account Teams'
    messagingEndpoint: '${publicUrl}/api/messages'
    appType: botAppType
    appId: botMsaAppId
    appTenantId: botAppTenantId
    msiResourceId: botAppType == 'UserAssignedMSI' ? identity.id : ''
    sku: botSku
    tags: tags
  }
}

// --- what the next steps need (DEPLOY.md) -------------------------------------------------------------------------

@description('PUBLIC_URL for npm run package.')
output publicUrl string = publicUrl
output messagingEndpoint string = bot.outputs.messagingEndpoint
@description('MICROSOFT_APP_ID for npm run package.')
output botAppId string = botMsaAppId
output botName string = bot.outputs.botName
output registryName string = registry.outputs.registryName
output registryLoginServer string = registry.outputs.loginServer
output keyVaultName string = keyVault.outputs.vaultName
output cosmosAccountName string = cosmos.outputs.accountName
output cosmosEndpoint string = cosmos.outputs.endpoint
output managedIdentityClientId string = identity.properties.clientId
output serverAppName string = names.server
output workerAppName string = names.worker
output logAnalyticsWorkspaceId string = monitoring.outputs.workspaceId
