import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s';

/** What every platform container gets: no privilege, no capabilities, a read-only root file system. */
const LOCKED_DOWN = { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } };

/** Security context of the platform containers that run as their image's non-root user. */
export const NON_ROOT_SECURITY_CONTEXT: k8s.SecurityContext = { runAsNonRoot: true, ...LOCKED_DOWN };

/**
 * Security context of the platform containers that must be root: the log
 * shipper reads every pod's logs from the host, the GPU device plugin writes
 * its socket into the kubelet's directory. Still without any capability.
 */
export const ROOT_SECURITY_CONTEXT: k8s.SecurityContext = { runAsUser: 0, ...LOCKED_DOWN };
