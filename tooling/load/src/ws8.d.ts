// ws8 is ws@8 installed under an npm alias; its types are @types/ws.
declare module 'ws8' {
  import WebSocket = require('ws');
  export default WebSocket;
  export const WebSocketServer: typeof WebSocket.WebSocketServer;
}
