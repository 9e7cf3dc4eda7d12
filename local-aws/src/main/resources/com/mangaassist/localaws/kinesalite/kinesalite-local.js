// kinesalite listens on every interface by default; tests and the local stack want loopback only.
// Usage: node kinesalite-local.js <port|0>. Prints "listening <port>" once ready; exits with its parent's stdin.
const kinesalite = require('kinesalite');

const port = parseInt(process.argv[2] || '0', 10);
const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
server.listen(port, '127.0.0.1', () => console.log('listening ' + server.address().port));
// When the JVM that started us dies, stdin closes: go with it rather than linger as an orphan.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
