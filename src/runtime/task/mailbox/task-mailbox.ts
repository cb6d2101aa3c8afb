// The queue of actions a task runs between slices of input: priority mails (cancel, checkpoint
// triggers) before ordinary ones (timers, operator events). Mails are per event, never per record.
// Flink: org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailbox.

export type Mail = () => void

export class TaskMailbox {
  private readonly priority: Mail[] = []
  private readonly regular: Mail[] = []
  private readonly onMail: () => void

  /** `onMail` is called after each put, to wake the task. */
  constructor(onMail: () => void) {
    this.onMail = onMail
  }

  put(mail: Mail): void {
    this.regular.push(mail)
    this.onMail()
  }

  putFirst(mail: Mail): void {
    this.priority.push(mail)
    this.onMail()
  }

  hasMail(): boolean {
    return this.priority.length > 0 || this.regular.length > 0
  }

  /** Runs the priority mails, then at most the ordinary mails queued before this call. */
  runMails(): void {
    while (this.priority.length > 0) this.priority.shift()!()
    let n = this.regular.length
    while (n-- > 0 && this.regular.length > 0) {
      while (this.priority.length > 0) this.priority.shift()!()
      this.regular.shift()!()
    }
  }
}
