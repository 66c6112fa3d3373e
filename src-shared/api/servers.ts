/** Remote `mdm serve` instances the local backend proxies to (README "Remote servers and Slurm"). */

/** The name the local backend goes by in qualified run references and the server column. */
export const LOCAL_SERVER = 'local';

/** A remote as the UI sees it: never its token, which stays with the local backend. */
export interface ServerInfo {
  name: string;
  url: string;
  /** Whether its event stream is connected now. */
  online: boolean;
  /** Why it is offline, in words; null while online. */
  error: string | null;
}
