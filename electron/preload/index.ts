// Exposes window.lab: one function per contract method and per event purpose, nothing else (no ipcRenderer, no Node).
import { contextBridge, ipcRenderer } from 'electron';
import type { LabBridge } from '../../src/core/api/contract';
import { createLabBridge } from './bridge';

const lab: LabBridge = createLabBridge(ipcRenderer);
contextBridge.exposeInMainWorld('lab', lab);
