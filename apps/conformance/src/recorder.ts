import { type RecorderTarget, startRecorder, type TcpRecorder } from '@ws-compat/wire';

export type { RecordedConnection, RecorderTarget } from '@ws-compat/wire';

/** A recorder of one attempt: the wire kit's loopback relay (see `startRecorder` in @ws-compat/wire). */
export type Recorder = TcpRecorder;

/**
 * The conformance app's recorder: the wire kit's loopback TCP relay that keeps the exact bytes in both
 * directions, with no target a server that hangs. It runs with `allowHalfOpen: false`: a client's FIN
 * is answered with FIN at once and ends the upstream too, so a client that half-closes is never left
 * waiting on a server that keeps its side open, and the attempt's connection counts as closed.
 */
export const Recorder = {
  /**
   * Starts a recorder on 127.0.0.1 and an ephemeral port.
   *
   * @param target where to relay, or null for a server that never answers
   */
  start(target: RecorderTarget | null): Promise<Recorder> {
    return startRecorder({ target, allowHalfOpen: false });
  },
};
