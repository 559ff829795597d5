// One container app running the Account Teams image. Used twice by main.bicep: the web server (external
// ingress, RUN_WORKER=false) and the workflow worker (no ingress, RUN_WORKER=true), so that each scales on
// its own. Secrets are Key Vault references resolved with the app's user-assigned identity; Container
// Apps re-reads a reference without a version within 30 minutes of a new secret version.

@description('Container app name (2-32 lowercase letters, digits and hyphens).')
@minLength(2)
@maxLength(32)
param name string

@description('Azure region.')
param location string

@description('Container Apps environment resource id.')
param environmentId string

@description('User-assigned managed identity resource id: pulls the image and reads Key Vault.')
param identityId string

@description('Registry login server, e.g. myregistry.azurecr.io.')
param registryServer string

@description('Image, e.g. myregistry.azurecr.io/account-teams:1.0.0.')
param image string

@description('true: HTTPS ingress from the internet on targetPort. false: no ingress at all.')
param external bool

@description('The port the server listens on (PORT).')
param targetPort int = 3978

@description('Environment variables: { name, value } or { name, secretRef }.')
param env array

@description('Key Vault references: { name (app secret name), keyVaultUrl }.')
param keyVaultSecrets array

@description('Secrets mounted as files: { name, mountPath, files: [ { secretRef, path } ] }.')
param secretVolumes array = []

@description('vCPU per replica, e.g. 0.5 (with memory 1Gi) or 1.0 (with 2Gi).')
param cpu string = '0.5'

@description('Memory per replica, matching cpu (0.5 → 1Gi, 1.0 → 2Gi).')
param memory string = '1Gi'

@minValue(0)
@maxValue(300)
param minReplicas int = 1

@minValue(1)
@maxValue(300)
param maxReplicas int = 3

@description('KEDA scale rules.')
param scaleRules array

@description('Startup, readiness and liveness probes.')
param probes array

param tags object = {}

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: external ? {
        external: true
        targetPort: targetPort
        transport: 'auto'
        allowInsecure: false
        traffic: [
          {
            latestRevision: true
            weight: 100
          }
        ]
      } : null
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: [for secret in keyVaultSecrets: {
        name: secret.name
        keyVaultUrl: secret.keyVaultUrl
        identity: identityId
      }]
    }
    template: {
      containers: [
        {
          name: 'account-teams'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: env
          probes: probes
          volumeMounts: [for volume in secretVolumes: {
            volumeName: volume.name
            mountPath: volume.mountPath
          }]
        }
      ]
      volumes: [for volume in secretVolumes: {
        name: volume.name
        storageType: 'Secret'
        secrets: volume.files
      }]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: scaleRules
      }
    }
  }
}

output name string = app.name
output latestRevisionName string = app.properties.latestRevisionName
