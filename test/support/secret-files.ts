/** A Secret as `sops --encrypt --age ...` writes it. */
export const SOPS_SECRET = `apiVersion: v1
kind: Secret
metadata:
    name: pos-credentials
    namespace: edge-apps
type: Opaque
data:
    token: ENC[AES256_GCM,data:Wm9vYmFy,iv:aXY=,tag:dGFn,type:str]
sops:
    age:
        - recipient: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq
          enc: |
            -----BEGIN AGE ENCRYPTED FILE-----
            YWdlLWVuY3J5cHRpb24ub3JnL3YxCg==
            -----END AGE ENCRYPTED FILE-----
    lastmodified: "2026-11-01T10:00:00Z"
    mac: ENC[AES256_GCM,data:bWFj,iv:aXY=,tag:dGFn,type:str]
    unencrypted_suffix: _unencrypted
    version: 3.9.4
`;
