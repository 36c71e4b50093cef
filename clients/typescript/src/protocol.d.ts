// Placeholder until generated from docs/asyncapi.yaml.
export type Capability = "web_search" | "code_interpreter" | "image_generation" | "file_search";
export type ErrorCode =
  | "invalid_json" | "invalid_message" | "unknown_type" | "message_too_long" | "busy" | "rate_limited"
  | "agent_error" | "invalid_request" | "unauthorized" | "forbidden" | "internal" | "version_conflict" | "not_found";
export type CloseCode = 1000 | 1001 | 1002 | 1003 | 1007 | 1008 | 1009 | 1011 | 4400 | 4401 | 4403 | 4429;
export interface Agent {
  name: string;
  description: string;
  instructions: string;
  conversationStarters: string[];
  capabilities: Capability[];
  version: number;
}
export interface Usage {
  inputTokens: number;
  outputTokens: number;
}
export interface Message {
  id: string;
  role: "user" | "assistant";
  content: string;
  createdAt: string;
  userId?: string;
  clientMessageId?: string;
  replyTo?: string;
  stopped?: true;
  usage?: Usage;
  channel?: "preview";
}
export interface AgentChanges {
  name?: string;
  description?: string;
  instructions?: string;
  conversationStarters?: string[];
  capabilities?: Capability[];
}
export interface ReadyFrame {
  type: "ready";
  threadId: string;
  userId: string;
  connectionId: string;
  lastSeq: number;
  agent: Agent;
  status: "idle" | "thinking";
  reset: boolean;
}
export interface MessageFrame {
  type: "message";
  seq: number;
  message: Message;
}
export interface AgentUpdatedFrame {
  type: "agent_updated";
  seq: number;
  agent: Agent;
  source?: "builder" | "user" | "revert";
}
export interface AckFrame {
  type: "ack";
  clientMessageId?: string;
  messageId?: string;
  seq: number;
  duplicate: boolean;
}
export interface StatusFrame {
  type: "status";
  state: "idle" | "thinking";
}
export interface AssistantDeltaFrame {
  type: "assistant_delta";
  messageId: string;
  delta: string;
  channel?: "preview";
}
export interface AgentExportFrame {
  type: "agent_export";
  format: "json" | "openai" | "markdown";
  content: string;
  version: number;
}
export interface ErrorFrame {
  type: "error";
  code: ErrorCode;
  message: string;
  clientMessageId?: string;
  currentVersion?: number;
}
export interface PongFrame {
  type: "pong";
}
export type ServerFrame =
  | ReadyFrame | MessageFrame | AgentUpdatedFrame | AckFrame | StatusFrame | AssistantDeltaFrame | AgentExportFrame
  | ErrorFrame | PongFrame;
export interface UserMessageFrame {
  type: "user_message";
  content: string;
  clientMessageId?: string;
  mode?: "builder" | "preview";
}
export interface UpdateAgentFrame {
  type: "update_agent";
  baseVersion: number;
  changes: AgentChanges;
  clientMessageId?: string;
}
export interface RevertAgentFrame {
  type: "revert_agent";
  version: number;
  clientMessageId?: string;
}
export interface ExportAgentFrame {
  type: "export_agent";
  format: "json" | "openai" | "markdown";
}
export interface CancelFrame {
  type: "cancel";
}
export interface PingFrame {
  type: "ping";
}
export type ClientFrame =
  | UserMessageFrame | UpdateAgentFrame | RevertAgentFrame | ExportAgentFrame | CancelFrame | PingFrame;
