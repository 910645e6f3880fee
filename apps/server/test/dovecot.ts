/**
 * A real IMAP server for tests: Debian's Dovecot (dovecot-imapd, installed by `npm test`), run
 * as a private instance in a temporary folder on a free port, with one mailbox user. Nothing is
 * shared with a system Dovecot.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

const DOVECOT = '/usr/sbin/dovecot';

export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Files in a folder of the user's Maildir ("" is the inbox). */
  countMessages(folder: string): number;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startDovecot(): Promise<DovecotServer> {
  if (!existsSync(DOVECOT))
    throw new Error(
      'Dovecot is not installed: `npm test` installs Debian package dovecot-imapd (apt-get install dovecot-imapd)',
    );
  const dir = mkdtempSync(path.join(tmpdir(), 'renkei-dovecot-'));
  // Dovecot's unprivileged auth process reads the passwd file: the folder must be traversable.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'reports';
  const password = 'imap-test-password';
  const isRoot = process.getuid?.() === 0;
  // As root Dovecot refuses to deliver as root, so mail belongs to `nobody`; otherwise to us.
  const owner = isRoot
    ? { name: 'nobody', uid: 65534, gid: 65534 }
    : { name: userInfo().username, uid: userInfo().uid, gid: userInfo().gid };
  const home = path.join(dir, 'home');
  mkdirSync(home);
  for (const sub of ['run', 'state']) mkdirSync(path.join(dir, sub));
  if (isRoot) chownSync(home, owner.uid, owner.gid);
  writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}:${owner.uid}:${owner.gid}::${home}\n`);
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${Math.min(owner.uid, 1)}
mail_location = maildir:~/Maildir
default_internal_user = ${isRoot ? 'dovecot' : owner.name}
default_login_user = ${isRoot ? 'dovenull' : owner.name}
${isRoot ? '' : `default_internal_group = ${owner.name}\n`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
namespace inbox {
  inbox = yes
}
`;
  const configFile = path.join(dir, 'dovecot.conf');
  writeFileSync(configFile, config);
  // stdio ignored: the forked daemon would otherwise hold our pipes open and block this call.
  execFileSync(DOVECOT, ['-c', configFile], { stdio: 'ignore' });
  // Dovecot forks into the background; wait until it accepts connections.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const isUp = await new Promise<boolean>((resolve) => {
      import('node:net')
        .then(({ connect }) => {
          const socket = connect(port, '127.0.0.1');
          socket.setTimeout(2000, () => {
            socket.destroy();
            resolve(false);
          });
          socket.once('data', () => {
            socket.destroy();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
        })
        .catch(() => resolve(false));
    });
    if (isUp) break;
    if (Date.now() > deadline) throw new Error(`Dovecot did not start; see ${dir}/dovecot.log`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    countMessages(folder) {
      const base = path.join(home, 'Maildir', folder ? `.${folder}` : '');
      return ['new', 'cur'].reduce(
        (sum, sub) => sum + (existsSync(path.join(base, sub)) ? readdirSync(path.join(base, sub)).length : 0),
        0,
      );
    },
    stop() {
      spawnSync('/usr/bin/doveadm', ['-c', configFile, 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
