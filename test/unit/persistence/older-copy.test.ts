// A dataset saved before members gained a name column still restores: the missing trailing column
// reads as NULL instead of failing the restore (and the current shape loads as before).
import { describe, expect, it } from 'vitest';
import { ipcToRows } from '../../../src/lib/engine/rows.ts';
import { raw } from '../../../src/lib/sql.ts';
import { openNativeDriver } from '../../../workers/drivers/native.ts';
import { createEngine } from '../../../workers/engine.ts';

describe('restoring an older saved copy', () => {
  it('members without the name column load with name NULL; with it, the name is kept', async () => {
    const driver = await openNativeDriver();
    try {
      const engine = await createEngine(driver);
      const old = 'member_id,join_date,tier,birthday,gender,birth_year,phone,home_store,signup_channel\nM1,2024-01-02,金卡,,女,1990,13800000001,旗舰店,门店\n';
      await engine.loadCsvTable('members', old);
      expect(ipcToRows(await engine.query(raw('SELECT member_id, tier, name FROM members')))).toEqual([{ member_id: 'M1', tier: '金卡', name: null }]);
      await engine.loadCsvTable('members', `${old.split('\n')[0]},name\nM2,2024-01-02,钻石,,男,1980,13800000002,社区店,门店,"王, 芳"\n`);
      expect(ipcToRows(await engine.query(raw('SELECT member_id, name FROM members')))).toEqual([{ member_id: 'M2', name: '王, 芳' }]);
    } finally {
      driver.close();
    }
  });
});
