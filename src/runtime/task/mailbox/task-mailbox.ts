// The queue of actions a task runs between slices of input: priority mails (cancel, checkpoint
// triggers) before ordinary ones (timers, operator events). Mails are per event, never per record.
// Flink: org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox.

export type Mail = () => void

export class TaskMailbox {
  private readonly priority: Mail[] = []
  private readonly regular: Mail[] = []
  private readonly onMail: () => void
  private closed = false

  /** `onMail` is called after each put, to wake the task. */
  constructor(onMail: () => void) {
    this.onMail = onMail
  }

  /** Drops every queued mail and refuses new ones: the task has terminated. */
  close(): void {
    this.closed = true
    this.priority.length = 0
    this.regular.length = 0
  }

  put(mail: Mail): void {
    if (this.closed) return
    this.regular.push(mail)
    this.onMail()
  }

  putFirst(mail: Mail): void {
    if (this.closed) return
    this.priority.push(mail)
    this.onMail()
  }

  hasMail(): boolean {
    return this.priority.length > 0 || this.regular.length > 0
  }

  /**
   * Runs the priority mails, then at most the ordinary mails queued before this call. A mail that
   * closes the mailbox ends the run: nothing queued behind it runs.
   */
  runMails(): void {
    while (!this.closed && this.priority.length > 0) this.priority.shift()!()
    let n = this.regular.length
    while (!this.closed && n-- > 0 && this.regular.length > 0) {
      while (!this.closed && this.priority.length > 0) this.priority.shift()!()
      if (!this.closed) this.regular.shift()!()
    }
  }
}
