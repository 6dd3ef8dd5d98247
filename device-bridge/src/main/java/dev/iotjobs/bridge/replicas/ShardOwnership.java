package dev.iotjobs.bridge.replicas;

import dev.iotjobs.bridge.protocol.Request;
import dev.iotjobs.bridge.protocol.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which things this replica answers, as each worker thread sees it. A worker's view changes only by a task queued on
 * that worker, so a request is decided by the view in force when it is handled, in the order requests arrived: a
 * shard taken over is answered from the first request after its witnessed ones, and a shard let go is answered up to
 * the last request before it. Requests a worker does not answer, and the answers other replicas publish, go to the
 * worker's {@link WitnessLog}.
 */
public final class ShardOwnership {
  private final int shards;
  private final Clock clock;
  private final BitSet[] answering;
  private final WitnessLog[] witnessed;
  /** The shards this replica answers (every worker has taken them over): for notifications and reporting. */
  private final Set<Integer> served = ConcurrentHashMap.newKeySet();

  public ShardOwnership(int shards, int workers, Duration keepWitnessed, int witnessedPerWorker, Clock clock) {
    this.shards = shards;
    this.clock = clock;
    this.answering = new BitSet[workers];
    this.witnessed = new WitnessLog[workers];
    for (int i = 0; i < workers; i++) {
      answering[i] = new BitSet(shards);
      witnessed[i] = new WitnessLog(keepWitnessed, witnessedPerWorker);
    }
  }

  public int shardOf(String thing) {
    return Shards.of(thing, shards);
  }

  /**
   * On worker {@code worker}'s thread, for every message it gets: whether this replica answers it now. A request of
   * a thing answered elsewhere is witnessed; an answer (from any replica) closes the witnessed request it answers.
   */
  public boolean answers(int worker, Topic topic, byte[] payload) {
    switch (topic.kind()) {
      case FOREIGN:
        return false;
      case OWN_RESPONSE:
        String name = topic.requestTopic();
        int slash = name.lastIndexOf('/');
        String last = name.substring(slash + 1);
        if ("accepted".equals(last) || "rejected".equals(last)) {
          witnessed[worker].answered(topic.thingName(), name.substring(0, slash), Request.clientTokenOf(payload));
        }
        return false;
      default:
        if (answering[worker].get(shardOf(topic.thingName()))) {
          return true;
        }
        witnessed[worker].request(topic.thingName(), topic.requestTopic(), Request.clientTokenOf(payload), payload,
            clock.instant());
        return false;
    }
  }

  /** On worker {@code worker}'s thread: start answering these shards; returns their witnessed requests to answer first. */
  public List<WitnessLog.Witnessed> takeOver(int worker, BitSet taken) {
    answering[worker].or(taken);
    return witnessed[worker].takeUnanswered(thing -> taken.get(shardOf(thing)), clock.instant());
  }

  /** On worker {@code worker}'s thread: stop answering these shards. */
  public void letGo(int worker, BitSet released) {
    answering[worker].andNot(released);
  }

  public void served(BitSet shards, boolean serving) {
    shards.stream().forEach(serving ? served::add : served::remove);
  }

  /** Whether this replica answers the thing's requests and pushes its notifications. */
  public boolean serves(String thing) {
    return served.contains(shardOf(thing));
  }

  public Set<Integer> servedShards() {
    return Set.copyOf(served);
  }

  public int shardCount() {
    return shards;
  }

  public long witnessedDropped() {
    long dropped = 0;
    for (WitnessLog log : witnessed) {
      dropped += log.dropped();
    }
    return dropped;
  }
}
