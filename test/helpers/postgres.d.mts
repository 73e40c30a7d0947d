/** A private PostgreSQL cluster for tests and benches (postgres.mjs). */
export interface Cluster {
  /** postgres://vet@127.0.0.1:PORT/vet: superuser "vet", trust authentication, loopback only. */
  url: string;
  /**
   * The server also takes TLS, with a certificate for localhost and 127.0.0.1 signed by `ca`
   * (`otherCa` signed nothing of it), and database vet_tls refuses connections without TLS.
   * Undefined when openssl is missing.
   */
  tls?: { ca: string; otherCa: string };
  stop(): void;
}

/** Starts one (initdb in a temporary folder, its own port), or says why it cannot. */
export function startCluster(): Promise<{ cluster?: Cluster; reason?: string }>;
