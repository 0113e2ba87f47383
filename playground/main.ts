// npm run playground: the bot, a stand-in Lark platform and a chat page on this machine.
import { startPlayground } from './server';
import { PlaygroundRefusal } from './guard';

const port = Number(process.env.PLAYGROUND_PORT ?? 3100);
const dataDir = process.env.PLAYGROUND_DATA_DIR ?? './data/playground';

startPlayground({ port, dataDir })
  .then((pg) => {
    for (const n of pg.notes) console.log(n);
    console.log(`\n督办 Playground: ${pg.url}\n（在浏览器中打开 open it in a browser；Ctrl+C 结束 to stop）\n`);
    const stop = () => pg.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })
  .catch((e) => {
    console.error(e instanceof PlaygroundRefusal ? e.message : e);
    process.exit(1);
  });
