// src/platform/node-thread.ts
import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
function threadData() {
  return workerData;
}
function receive(port) {
  const m = receiveMessageOnPort(port);
  return m === void 0 ? void 0 : m.message;
}
function onPortClose(port, cb) {
  port.on("close", cb);
  port.start();
}
function onParentMessage(cb) {
  parentPort.on("message", cb);
}

export {
  threadData,
  receive,
  onPortClose,
  onParentMessage
};
//# sourceMappingURL=chunk-B7O5FBW3.js.map
