/** A progress line on stderr: redrawn in place on a terminal, one line per turn otherwise. */
export class ProgressBar {
  private lastLine = '';

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 28,
  ) {}

  update(label: string, fraction: number): void {
    const clamped = Math.max(0, Math.min(1, fraction));
    const filled = Math.round(clamped * this.width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${Math.round(clamped * 100)
      .toString()
      .padStart(3)}%`;
    if (line === this.lastLine) return;
    this.lastLine = line;
    if (this.stream.isTTY === true) this.stream.write(`\r${line}\x1b[K`);
  }

  log(message: string): void {
    if (this.stream.isTTY === true && this.lastLine !== '') this.stream.write('\r\x1b[K');
    this.stream.write(`${message}\n`);
    this.lastLine = '';
  }

  done(): void {
    if (this.stream.isTTY === true && this.lastLine !== '') this.stream.write('\n');
    this.lastLine = '';
  }
}
