// Public entry point of the AITRE gateway simulator (see server.ts for the scenario triggers).
export { startSimulator } from './server';
export { startRecorder, type Recorder, type RecordedHit } from './recorder';
export {
  DEFAULT_SIM_KEY,
  type ConfigPatch,
  type FaultKind,
  type FaultSpec,
  type ImageSpec,
  type ModalKind,
  type MjVersion,
  type Quirks,
  type RecordedRequest,
  type SimButton,
  type SimTask,
  type Simulator,
  type SimulatorOptions,
  type SimulatorState,
  type SpeedConfig,
  type SpeedSetting,
} from './types';
export { SPEEDS } from './config';
export type { TaskDto } from './dto';
export { gridQuadrantColor, IMAGE_SIZE, type Rgb } from './images';
export { decodePng, encodePng, pngColour, pngSize, PNG_SIGNATURE, type DecodedPng } from './png';
export { inBar, renderPoster, renderVideo, videoColors, VIDEO_FPS, VIDEO_FRAMES, VIDEO_HEIGHT, VIDEO_WIDTH } from './video';
export { videoUrlOf } from './dto';
export { generatedImageColor } from './openai-files';
export { FAIL_REASON, QUEUE_LENGTH } from './submit';
export { STALL_PERCENT } from './tasks';
export { BANNED_WORDS } from './text';
