import { describe, expect, it } from 'vitest';
import { acknowledgeAlarm, evaluateAlarms, type Alarm, type AlarmEvent, type AlarmTimers } from './alarms.js';
import { createPlant, readInstruments } from './water-plant.js';

describe('alarms (ISA-18.2: deadband, on/off delays, raise/clear/ack events)', () => {
  it('raises one alarm for a value hovering at its limit, and clears it only past the deadband after the off-delay', () => {
    const plant = createPlant(3);
    const alarms = new Map<string, Alarm>();
    const timers: AlarmTimers = new Map();
    const events: AlarmEvent[] = [];
    const scan = (chlorineMgL: number) => {
      plant.process.timeS += 0.1;
      events.push(...evaluateAlarms(alarms, { ...readInstruments(plant), chlorineMgL }, plant, timers));
    };
    // 60 s of noise around 1.2 mg/L: 1.19, 1.21, 1.19, … (it chattered 85 times before).
    for (let i = 0; i < 600; i++) scan(i % 2 === 0 ? 1.19 : 1.21);
    // Then 1.22 steadily: raised once, after the 5 s on-delay.
    for (let i = 0; i < 100; i++) scan(1.22);
    const chlorine = () => events.filter((e) => e.alarm.code === 'chlorine_high').map((e) => e.event);
    expect(chlorine()).toEqual(['raise']);
    // 1.17 is below the limit but inside the 0.05 deadband: still active.
    for (let i = 0; i < 200; i++) scan(1.17);
    expect(chlorine()).toEqual(['raise']);
    // 1.1 for 9 s: not yet (10 s off-delay); then it clears.
    for (let i = 0; i < 90; i++) scan(1.1);
    expect(chlorine()).toEqual(['raise']);
    for (let i = 0; i < 20; i++) scan(1.1);
    expect(chlorine()).toEqual(['raise', 'clear']);
    expect(alarms.get('chlorine_high')).toMatchObject({ isActive: false, isAcknowledged: false });
    expect(acknowledgeAlarm(alarms, 'chlorine_high')).toMatchObject({ code: 'chlorine_high', isAcknowledged: true });
    expect(alarms.has('chlorine_high')).toBe(false);
  });

  it('alarms an SIS trip at once', () => {
    const plant = createPlant(4);
    plant.safety.tripped.high_level = true;
    const events = evaluateAlarms(new Map(), readInstruments(plant), plant, new Map());
    expect(events.map((e) => `${e.event} ${e.alarm.code}`)).toContain('raise sis_trip_high_level');
  });
});
