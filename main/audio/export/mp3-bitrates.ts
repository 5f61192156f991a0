/** The constant bit rates the MP3 exporter offers (kbps); apart from the encoder so schemas stay pure. */
export const MP3_BITRATES = [96, 128, 160, 192, 224, 256, 320] as const;
export type Mp3Bitrate = (typeof MP3_BITRATES)[number];
