import {
  onParentMessage,
  onPortClose,
  threadData
} from "./chunk-B7O5FBW3.js";
import {
  ControlBlock
} from "./chunk-EYYA34DE.js";

// src/team/watcher-main.ts
var init = threadData();
var ctl = new ControlBlock(init.control);
onParentMessage((m) => {
  const { index, gen, lifeline } = m;
  onPortClose(lifeline, () => ctl.markDead(index, gen));
});
ctl.markWatcherReady();
//# sourceMappingURL=watcher.js.map
