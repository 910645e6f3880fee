/**
 * Threading, decided in memory: which incident a report continues, from the tracking tag in its
 * subject or the Message-IDs it replies to. Pure: it reads the batch's snapshot of the database
 * (`fileReports` reads it first) and what the batch has filed so far.
 * @module
 */

/** What threading needs to know of the database before the batch. */
export interface ThreadSnapshot {
  /** Tracking number → its incident. */
  byTrackingNumber: ReadonlyMap<string, { id: string }>;
  /**
   * Message-ID → the incident of its newest report (with that report's `receivedAt` and sender),
   * or of a message we sent (`receivedAt` null: claimed through correspondence).
   */
  byMessageId: ReadonlyMap<string, { incidentId: string; receivedAt: string | null; sender?: string | null }>;
}

export interface ThreadedReport {
  /** The tracking number tagged in the subject, if any. */
  tag: string | undefined;
  /** In-Reply-To and References. */
  replyTo?: readonly string[] | undefined;
  /** The sender's address (lower case), if the report came by mail. */
  sender?: string | undefined;
}

/**
 * The incident a report threads into, if any: its tag first; then a reply to a report of this
 * batch (the newest), then to the newest earlier report, then to a message we sent. A reply to a
 * report we received threads only from that report's own sender: phishing reuses and forges
 * In-Reply-To and References, and a stranger's reply must not join a conversation it names.
 */
export function threadOf(
  report: ThreadedReport,
  snapshot: ThreadSnapshot,
  batchMessageIds: ReadonlyMap<string, { incidentId: string; sender: string | null }>,
): string | undefined {
  const sameSender = (sender: string | null | undefined) =>
    report.sender !== undefined && sender !== undefined && sender !== null && sender === report.sender;
  const tagged = report.tag ? snapshot.byTrackingNumber.get(report.tag)?.id : undefined;
  if (tagged) return tagged;
  if (!report.replyTo?.length) return undefined;
  const inBatch = report.replyTo
    .map((id) => batchMessageIds.get(id))
    .find((message) => message && sameSender(message.sender));
  if (inBatch) return inBatch.incidentId;
  const earlier = report.replyTo
    .flatMap((id) => snapshot.byMessageId.get(id) ?? [])
    .filter((m) => m.receivedAt === null || sameSender(m.sender));
  const newest = earlier
    .filter((m) => m.receivedAt !== null)
    .sort((a, b) => (a.receivedAt! < b.receivedAt! ? 1 : -1))[0];
  return newest?.incidentId ?? earlier[0]?.incidentId;
}
