/*
 * The public API of the package, named one by one as cdk8s-plus and yaml do:
 * what a fleet file builds with, what a program drives the pipeline with, and
 * what it can catch. Everything else under lib/ (schemas, render and layout
 * steps) is internal and may change in any release. test/index.test.ts lists
 * the runtime names, so that this list cannot grow by accident.
 */

// The constructs of a fleet file and their props.
export { Fleet } from './model/fleet';
export type { FleetProps, ResolvedFleetProps } from './model/fleet';
export { RegionalTier } from './model/regional-tier';
export type { RegionalTierProps, ResolvedTierProps } from './model/regional-tier';
export { EdgeSite } from './model/edge-site';
export type { EdgeSiteProps, NodeGroup, ResolvedSiteProps } from './model/edge-site';
export { DeviceClass, GPU_RESOURCES } from './model/device-class';
export type { DeviceClassProps, GpuSpec, GpuVendor, NodeTaint } from './model/device-class';
export { EdgeApp } from './model/edge-app';
export type { AppContainerProps, AppFlow, AppPort, EdgeAppProps, ExternalFlow, RenderHook, SidecarProps } from './model/edge-app';
export type { ResourceQuantities } from './util/kube-object';
export type { AppSecretsProps, SecretKeyRef, SecretMount } from './model/app-secrets';
export type { AppMetrics, AppMetricsProps } from './model/app-metrics';
export type { AppValues } from './model/app-values';
export type { AppPlacement, AppToleration } from './model/app-scheduling';
export type { AppProbe, AppProbes, ProbeCheck, ProbeKind, ResolvedProbe, ResolvedProbes } from './model/app-probes';
export { ACCESS_MODES } from './model/app-volumes';
export type { AccessMode, AppVolume, ResolvedVolume } from './model/app-volumes';
export { ALERT_SEVERITIES } from './model/alert-rule';
export type { AlertRule, AlertSeverity, ResolvedAlertRule } from './model/alert-rule';
export { LAN_EXPOSURES } from './model/lan-exposure';
export type { LanExposure, LanExposureProps, LanIngress } from './model/lan-exposure';
export { readImageLock } from './model/image-lock';
export type { ImageLockData, ImageLockEntry } from './model/image-lock';

// Settings: given on the Fleet, any RegionalTier and any EdgeSite.
export { CONNECTIVITY_PROFILES } from './model/connectivity-profile';
export type { Connectivity } from './model/connectivity-profile';
export { LOG_SHIPPERS, RESERVED_NAMESPACES } from './model/settings';
export type { LogShipper, NamespaceSettings, PlatformImageSettings, SettingsOverrides, UpgradeSettings } from './model/settings';
export {
  DEFAULT_FLUX_COMPONENTS,
  FLUX_COMPONENTS,
  GITOPS_DELIVERIES,
  GITOPS_ENGINES,
  TRIMMED_FLUX_COMPONENTS,
} from './model/gitops-settings';
export type { FluxComponent, GitOpsAgentSettings, GitOpsDelivery, GitOpsEngine, GitOpsSettings } from './model/gitops-settings';
export type { HubSettings } from './model/hub-settings';
export type { MetricsQueueSettings, MetricsSettings } from './model/metrics-settings';
export type { Reserve, SystemReserveSettings } from './model/reserve-settings';
export type { RolloutSettings } from './model/rollout-settings';
export type { AlertingSettings, CriticalWebhook } from './model/alerting-settings';
export { CLUSTER_PLACEHOLDER } from './model/bootstrap-settings';
export type { BootstrapSettings } from './model/bootstrap-settings';
export { DISTRIBUTIONS } from './model/distribution';
export type { Distribution } from './model/distribution';

// What a render hook gets: a site with every setting resolved.
export type { ResolvedNodeGroup, ResolvedSite } from './model/resolved-site';
export type { ResolvedDeviceClass } from './model/device-class';
export type { ResolvedApp, ResolvedContainer, ResolvedResources } from './model/resolved-app';

// The kinds of error edgefleet throws (each specific error class below is of one kind).
export { EdgefleetError, InvalidInputError, LockedError, RefusedError, ServiceError, UsageError, WriteError } from './util/errors';

// Problems, and the error that carries them.
export { FleetValidationError, formatProblem } from './model/problem';
export type { Problem } from './model/problem';
export { FleetLoadError } from './model/load-fleet';

// Synth: the tree, its shards, the lock on the output directory.
export { OutputRefusedError } from './output/open-output';
export { synth } from './synth/synth';
export type { SynthOptions, SynthSummary } from './synth/synth-options';
export type { RenderProgress } from './synth/tree-plan';
export { synthFile } from './synth/synth-file';
export type { SynthFileOptions } from './synth/synth-file';
export type { Shard } from './output/shard';
export { mergeShards } from './output/shard-merge';
export type { MergeSummary } from './output/shard-merge';
export { OutputLockedError, withOutputLock, withOutputLockAsync } from './output/output-lock';
export type { LockHolder, LockWaitOptions } from './output/output-lock';
export { TreeWriteError } from './output/tree-write-error';
export { GitRefusedError } from './output/git-commit';

// Delivery by OCI artifact.
export { publish, PublishUsageError } from './output/oci-publish';
export type { PublishOptions, PublishResult } from './output/oci-publish';
export { RegistryError } from './output/oci-registry';
export type { RegistryTraffic } from './output/oci-registry';

// Plan: what a synth would change, without writing.
export { FLEET_PLAN_VERSION } from './plan/plan-shape';
export type { ClusterPlan, FileChange, FleetPlan, PlanBaseline, PlanSummary, TierPlan, WavePlan } from './plan/plan-shape';
export { planFleet, planFleetFile } from './plan/plan-fleet';
export type { PlanFleetOptions } from './plan/plan-fleet';
export type { Change, ObjectChange } from './plan/object-diff';
export { TreeSourceError } from './plan/tree-source';

// Rollout: promotion wave by wave, and where each wave stands.
export { promote, PromoteRefusedError } from './rollout/promote';
export type { PromoteOptions, PromoteResult, WavePromoteOptions } from './rollout/promote';
export { promoteOci } from './rollout/oci-promote';
export type { OciPromoteOptions, OciPromoteResult } from './rollout/oci-promote';
export { rolloutStatus } from './rollout/status';
export type { WaveStatus } from './rollout/status';
export { ociRolloutStatus } from './rollout/oci-status';
export type { OciWaveStatus } from './rollout/oci-status';
export { RolloutUsageError } from './rollout/rollout-tree';

// The CLI's --json summaries.
export type {
  CheckSummaryJson,
  ListedCluster,
  LsSummaryJson,
  MergeSummaryJson,
  PlanSummaryJson,
  SummaryJson,
  SummaryJsonHeader,
  SynthSummaryJson,
} from './cli/summary-json';
