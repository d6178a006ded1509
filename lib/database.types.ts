
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  
  "public": {
          Tables: {
            "answer_feedback": {
                  Row: {
                    "conversation_id": string,"created_at": string,"id": string,"message_id": string,"organization_id": string,"rating": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "conversation_id": string,"created_at"?: string,"id"?: string,"message_id": string,"organization_id": string,"rating": number,"updated_at"?: string
                  }
                  Update: {
                    "conversation_id"?: string,"created_at"?: string,"id"?: string,"message_id"?: string,"organization_id"?: string,"rating"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "answer_feedback_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "answer_feedback_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"api_keys": {
                  Row: {
                    "created_at": string,"created_by": string | null,"id": string,"key_hash": string,"last_used_at": string | null,"name": string,"organization_id": string,"prefix": string,"revoked_at": string | null,"revoked_by": string | null,"scopes": (string)[]
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"key_hash": string,"last_used_at"?: string | null,"name": string,"organization_id": string,"prefix": string,"revoked_at"?: string | null,"revoked_by"?: string | null,"scopes": (string)[]
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"id"?: string,"key_hash"?: string,"last_used_at"?: string | null,"name"?: string,"organization_id"?: string,"prefix"?: string,"revoked_at"?: string | null,"revoked_by"?: string | null,"scopes"?: (string)[]
                  }
                  Relationships: [
                    {
      foreignKeyName: "api_keys_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"article_chunks": {
                  Row: {
                    "anchor": string | null,"article_id": string,"body": string,"fts": unknown,"heading": string | null,"organization_id": string,"seq": number,"ts_config": string,"words": (string)[]
                  }
                  ComputedFields: never
                  Insert: {
                    "anchor"?: string | null,"article_id": string,"body": string,"fts": unknown,"heading"?: string | null,"organization_id": string,"seq": number,"ts_config": string,"words": (string)[]
                  }
                  Update: {
                    "anchor"?: string | null,"article_id"?: string,"body"?: string,"fts"?: unknown,"heading"?: string | null,"organization_id"?: string,"seq"?: number,"ts_config"?: string,"words"?: (string)[]
                  }
                  Relationships: [
                    {
      foreignKeyName: "article_chunks_article_id_organization_id_fkey"
      columns: ["article_id","organization_id"]
isOneToOne: false
      referencedRelation: "articles"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "article_chunks_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"article_mentions": {
                  Row: {
                    "article_id": string | null,"clicked_at": string | null,"conversation_id": string | null,"created_at": string,"id": string,"idempotency_key": string | null,"mentioned_at": string,"organization_id": string,"source": Database["public"]['Enums']["activity_source"],"title": string | null,"url": string | null,"visitor_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "article_id"?: string | null,"clicked_at"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"id"?: string,"idempotency_key"?: string | null,"mentioned_at"?: string,"organization_id": string,"source"?: Database["public"]['Enums']["activity_source"],"title"?: string | null,"url"?: string | null,"visitor_id"?: string | null
                  }
                  Update: {
                    "article_id"?: string | null,"clicked_at"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"id"?: string,"idempotency_key"?: string | null,"mentioned_at"?: string,"organization_id"?: string,"source"?: Database["public"]['Enums']["activity_source"],"title"?: string | null,"url"?: string | null,"visitor_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "article_mentions_article_id_organization_id_fkey"
      columns: ["article_id","organization_id"]
isOneToOne: false
      referencedRelation: "articles"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "article_mentions_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "article_mentions_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "article_mentions_visitor_id_organization_id_fkey"
      columns: ["visitor_id","organization_id"]
isOneToOne: false
      referencedRelation: "visitors"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"article_proposals": {
                  Row: {
                    "answer": string,"article_id": string | null,"conversation_id": string | null,"created_at": string,"decided_at": string | null,"decided_by": string | null,"id": string,"organization_id": string,"question": string,"result_article_id": string | null,"status": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "answer": string,"article_id"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"decided_at"?: string | null,"decided_by"?: string | null,"id"?: string,"organization_id": string,"question": string,"result_article_id"?: string | null,"status"?: string,"updated_at"?: string
                  }
                  Update: {
                    "answer"?: string,"article_id"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"decided_at"?: string | null,"decided_by"?: string | null,"id"?: string,"organization_id"?: string,"question"?: string,"result_article_id"?: string | null,"status"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "article_proposals_article_id_organization_id_fkey"
      columns: ["article_id","organization_id"]
isOneToOne: false
      referencedRelation: "articles"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "article_proposals_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "article_proposals_organization_id_decided_by_fkey"
      columns: ["organization_id","decided_by"]
isOneToOne: false
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    },{
      foreignKeyName: "article_proposals_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "article_proposals_result_article_id_organization_id_fkey"
      columns: ["result_article_id","organization_id"]
isOneToOne: false
      referencedRelation: "articles"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"article_versions": {
                  Row: {
                    "article_id": string,"body": string,"collection": string | null,"edited_at": string,"edited_by": string | null,"id": string,"is_published": boolean,"language": string,"organization_id": string,"replaced_at": string,"replaced_by": string | null,"slug": string,"tags": (string)[],"title": string,"version": number
                  }
                  ComputedFields: never
                  Insert: {
                    "article_id": string,"body": string,"collection"?: string | null,"edited_at": string,"edited_by"?: string | null,"id"?: string,"is_published": boolean,"language": string,"organization_id": string,"replaced_at"?: string,"replaced_by"?: string | null,"slug": string,"tags"?: (string)[],"title": string,"version": number
                  }
                  Update: {
                    "article_id"?: string,"body"?: string,"collection"?: string | null,"edited_at"?: string,"edited_by"?: string | null,"id"?: string,"is_published"?: boolean,"language"?: string,"organization_id"?: string,"replaced_at"?: string,"replaced_by"?: string | null,"slug"?: string,"tags"?: (string)[],"title"?: string,"version"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "article_versions_article_id_organization_id_fkey"
      columns: ["article_id","organization_id"]
isOneToOne: false
      referencedRelation: "articles"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "article_versions_edited_by_fkey"
      columns: ["edited_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "article_versions_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "article_versions_replaced_by_fkey"
      columns: ["replaced_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    }
                  ]
                },"article_views": {
                  Row: {
                    "article_id": string | null,"conversation_id": string | null,"created_at": string,"id": string,"idempotency_key": string | null,"organization_id": string,"source": Database["public"]['Enums']["activity_source"],"title": string | null,"url": string | null,"viewed_at": string,"visitor_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "article_id"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"id"?: string,"idempotency_key"?: string | null,"organization_id": string,"source"?: Database["public"]['Enums']["activity_source"],"title"?: string | null,"url"?: string | null,"viewed_at"?: string,"visitor_id"?: string | null
                  }
                  Update: {
                    "article_id"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"id"?: string,"idempotency_key"?: string | null,"organization_id"?: string,"source"?: Database["public"]['Enums']["activity_source"],"title"?: string | null,"url"?: string | null,"viewed_at"?: string,"visitor_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "article_views_article_id_organization_id_fkey"
      columns: ["article_id","organization_id"]
isOneToOne: false
      referencedRelation: "articles"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "article_views_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "article_views_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "article_views_visitor_id_organization_id_fkey"
      columns: ["visitor_id","organization_id"]
isOneToOne: false
      referencedRelation: "visitors"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"articles": {
                  Row: {
                    "body": string,"collection": string | null,"created_at": string,"created_by": string | null,"fts": unknown,"id": string,"is_published": boolean,"language": string,"organization_id": string,"published_at": string | null,"slug": string,"tags": (string)[],"title": string,"updated_at": string,"updated_by": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "body"?: string,"collection"?: string | null,"created_at"?: string,"created_by"?: string | null,"fts"?: never,"id"?: string,"is_published"?: boolean,"language"?: string,"organization_id": string,"published_at"?: string | null,"slug": string,"tags"?: (string)[],"title": string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Update: {
                    "body"?: string,"collection"?: string | null,"created_at"?: string,"created_by"?: string | null,"fts"?: never,"id"?: string,"is_published"?: boolean,"language"?: string,"organization_id"?: string,"published_at"?: string | null,"slug"?: string,"tags"?: (string)[],"title"?: string,"updated_at"?: string,"updated_by"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "articles_created_by_fkey"
      columns: ["created_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "articles_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "articles_updated_by_fkey"
      columns: ["updated_by"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    }
                  ]
                },"business_hours": {
                  Row: {
                    "created_at": string,"enabled": boolean,"offline_message": string | null,"organization_id": string,"time_zone": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"enabled"?: boolean,"offline_message"?: string | null,"organization_id": string,"time_zone"?: string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"enabled"?: boolean,"offline_message"?: string | null,"organization_id"?: string,"time_zone"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "business_hours_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: true
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"business_hours_days": {
                  Row: {
                    "closes_at": string,"created_at": string,"opens_at": string,"organization_id": string,"updated_at": string,"weekday": number
                  }
                  ComputedFields: never
                  Insert: {
                    "closes_at": string,"created_at"?: string,"opens_at": string,"organization_id": string,"updated_at"?: string,"weekday": number
                  }
                  Update: {
                    "closes_at"?: string,"created_at"?: string,"opens_at"?: string,"organization_id"?: string,"updated_at"?: string,"weekday"?: number
                  }
                  Relationships: [
                    {
      foreignKeyName: "business_hours_days_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"canned_responses": {
                  Row: {
                    "body": string,"created_at": string,"created_by": string | null,"id": string,"organization_id": string,"owner_id": string | null,"shortcut": string,"title": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "body": string,"created_at"?: string,"created_by"?: string | null,"id"?: string,"organization_id": string,"owner_id"?: string | null,"shortcut": string,"title": string,"updated_at"?: string
                  }
                  Update: {
                    "body"?: string,"created_at"?: string,"created_by"?: string | null,"id"?: string,"organization_id"?: string,"owner_id"?: string | null,"shortcut"?: string,"title"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "canned_responses_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "canned_responses_organization_id_owner_id_fkey"
      columns: ["organization_id","owner_id"]
isOneToOne: false
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    }
                  ]
                },"channel_messages": {
                  Row: {
                    "attempts": number,"conversation_id": string,"created_at": string,"delivered_at": string | null,"direction": Database["public"]['Enums']["channel_direction"],"error_code": string | null,"error_message": string | null,"integration_id": string,"locked_until": string | null,"message_id": string,"next_attempt_at": string | null,"organization_id": string,"platform_message_id": string | null,"read_at": string | null,"sent_at": string | null,"status": Database["public"]['Enums']["channel_delivery_status"],"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"conversation_id": string,"created_at"?: string,"delivered_at"?: string | null,"direction": Database["public"]['Enums']["channel_direction"],"error_code"?: string | null,"error_message"?: string | null,"integration_id": string,"locked_until"?: string | null,"message_id": string,"next_attempt_at"?: string | null,"organization_id": string,"platform_message_id"?: string | null,"read_at"?: string | null,"sent_at"?: string | null,"status": Database["public"]['Enums']["channel_delivery_status"],"updated_at"?: string
                  }
                  Update: {
                    "attempts"?: number,"conversation_id"?: string,"created_at"?: string,"delivered_at"?: string | null,"direction"?: Database["public"]['Enums']["channel_direction"],"error_code"?: string | null,"error_message"?: string | null,"integration_id"?: string,"locked_until"?: string | null,"message_id"?: string,"next_attempt_at"?: string | null,"organization_id"?: string,"platform_message_id"?: string | null,"read_at"?: string | null,"sent_at"?: string | null,"status"?: Database["public"]['Enums']["channel_delivery_status"],"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "channel_messages_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "channel_messages_integration_id_organization_id_fkey"
      columns: ["integration_id","organization_id"]
isOneToOne: false
      referencedRelation: "integrations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "channel_messages_message_id_organization_id_fkey"
      columns: ["message_id","organization_id"]
isOneToOne: true
      referencedRelation: "messages"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "channel_messages_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"chat_messages": {
                  Row: {
                    "content": string,"created_at": string,"id": string,"metadata": NonNullable<Json>,"organization_id": string,"role": string,"session_id": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "content": string,"created_at"?: string,"id"?: string,"metadata"?: NonNullable<Json>,"organization_id": string,"role": string,"session_id": string,"user_id"?: string
                  }
                  Update: {
                    "content"?: string,"created_at"?: string,"id"?: string,"metadata"?: NonNullable<Json>,"organization_id"?: string,"role"?: string,"session_id"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "chat_messages_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "chat_messages_session_id_organization_id_user_id_fkey"
      columns: ["session_id","organization_id","user_id"]
isOneToOne: false
      referencedRelation: "chat_sessions"
      referencedColumns: ["id","organization_id","user_id"]
    }
                  ]
                },"chat_sessions": {
                  Row: {
                    "created_at": string,"id": string,"last_message_at": string,"organization_id": string,"title": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"id"?: string,"last_message_at"?: string,"organization_id": string,"title": string,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"id"?: string,"last_message_at"?: string,"organization_id"?: string,"title"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "chat_sessions_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "chat_sessions_organization_id_user_id_fkey"
      columns: ["organization_id","user_id"]
isOneToOne: false
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    }
                  ]
                },"conversation_labels": {
                  Row: {
                    "conversation_id": string,"created_at": string,"created_by": string | null,"label_id": string,"organization_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "conversation_id": string,"created_at"?: string,"created_by"?: string | null,"label_id": string,"organization_id": string
                  }
                  Update: {
                    "conversation_id"?: string,"created_at"?: string,"created_by"?: string | null,"label_id"?: string,"organization_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversation_labels_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "conversation_labels_label_id_organization_id_fkey"
      columns: ["label_id","organization_id"]
isOneToOne: false
      referencedRelation: "labels"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "conversation_labels_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"conversation_metrics": {
                  Row: {
                    "conversation_id": string,"first_agent_reply_at": string | null,"first_ai_reply_at": string | null,"first_response_at": string | null,"first_visitor_message_at": string | null,"organization_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "conversation_id": string,"first_agent_reply_at"?: string | null,"first_ai_reply_at"?: string | null,"first_response_at"?: string | null,"first_visitor_message_at"?: string | null,"organization_id": string
                  }
                  Update: {
                    "conversation_id"?: string,"first_agent_reply_at"?: string | null,"first_ai_reply_at"?: string | null,"first_response_at"?: string | null,"first_visitor_message_at"?: string | null,"organization_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversation_metrics_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: true
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "conversation_metrics_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"conversation_reads": {
                  Row: {
                    "conversation_id": string,"last_read_at": string,"organization_id": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "conversation_id": string,"last_read_at"?: string,"organization_id": string,"user_id"?: string
                  }
                  Update: {
                    "conversation_id"?: string,"last_read_at"?: string,"organization_id"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversation_reads_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "conversation_reads_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "conversation_reads_organization_id_user_id_fkey"
      columns: ["organization_id","user_id"]
isOneToOne: false
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    }
                  ]
                },"conversation_transitions": {
                  Row: {
                    "actor_id": string | null,"actor_name": string | null,"actor_type": Database["public"]['Enums']["sender_type"],"conversation_id": string,"created_at": string,"from_state": Database["public"]['Enums']["conversation_state"],"id": string,"organization_id": string,"to_state": Database["public"]['Enums']["conversation_state"],"via": string
                  }
                  ComputedFields: never
                  Insert: {
                    "actor_id"?: string | null,"actor_name"?: string | null,"actor_type": Database["public"]['Enums']["sender_type"],"conversation_id": string,"created_at"?: string,"from_state": Database["public"]['Enums']["conversation_state"],"id"?: string,"organization_id": string,"to_state": Database["public"]['Enums']["conversation_state"],"via"?: string
                  }
                  Update: {
                    "actor_id"?: string | null,"actor_name"?: string | null,"actor_type"?: Database["public"]['Enums']["sender_type"],"conversation_id"?: string,"created_at"?: string,"from_state"?: Database["public"]['Enums']["conversation_state"],"id"?: string,"organization_id"?: string,"to_state"?: Database["public"]['Enums']["conversation_state"],"via"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversation_transitions_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "conversation_transitions_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"conversations": {
                  Row: {
                    "agent_joined_at": string | null,"agent_name": string | null,"assignee_id": string | null,"channel": string,"created_at": string,"escalated_at": string | null,"escalated_reason": string | null,"external_customer_id": string | null,"id": string,"integration_id": string | null,"is_escalated": boolean,"is_resolved": boolean,"last_message_at": string | null,"last_visitor_message_at": string | null,"organization_id": string,"resolved_at": string | null,"resolved_by": string | null,"state": Database["public"]['Enums']["conversation_state"],"state_changed_at": string,"status": Database["public"]['Enums']["conversation_status"],"summarized_at": string | null,"summary": string | null,"updated_at": string,"visitor_id": string | null,"waiting_since": string | null,"website_id": string | null,"widget_topic": string,"unread_count": number | null
                  }
                  ComputedFields: "unread_count"
                  Insert: {
                    "agent_joined_at"?: string | null,"agent_name"?: string | null,"assignee_id"?: string | null,"channel"?: string,"created_at"?: string,"escalated_at"?: string | null,"escalated_reason"?: string | null,"external_customer_id"?: string | null,"id"?: string,"integration_id"?: string | null,"is_escalated"?: boolean,"is_resolved"?: boolean,"last_message_at"?: string | null,"last_visitor_message_at"?: string | null,"organization_id": string,"resolved_at"?: string | null,"resolved_by"?: string | null,"state"?: Database["public"]['Enums']["conversation_state"],"state_changed_at"?: string,"status"?: Database["public"]['Enums']["conversation_status"],"summarized_at"?: string | null,"summary"?: string | null,"updated_at"?: string,"visitor_id"?: string | null,"waiting_since"?: string | null,"website_id"?: string | null,"widget_topic"?: string
                  }
                  Update: {
                    "agent_joined_at"?: string | null,"agent_name"?: string | null,"assignee_id"?: string | null,"channel"?: string,"created_at"?: string,"escalated_at"?: string | null,"escalated_reason"?: string | null,"external_customer_id"?: string | null,"id"?: string,"integration_id"?: string | null,"is_escalated"?: boolean,"is_resolved"?: boolean,"last_message_at"?: string | null,"last_visitor_message_at"?: string | null,"organization_id"?: string,"resolved_at"?: string | null,"resolved_by"?: string | null,"state"?: Database["public"]['Enums']["conversation_state"],"state_changed_at"?: string,"status"?: Database["public"]['Enums']["conversation_status"],"summarized_at"?: string | null,"summary"?: string | null,"updated_at"?: string,"visitor_id"?: string | null,"waiting_since"?: string | null,"website_id"?: string | null,"widget_topic"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "conversations_integration_fkey"
      columns: ["integration_id","organization_id"]
isOneToOne: false
      referencedRelation: "integrations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "conversations_organization_id_assignee_id_fkey"
      columns: ["organization_id","assignee_id"]
isOneToOne: false
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    },{
      foreignKeyName: "conversations_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "conversations_visitor_id_organization_id_fkey"
      columns: ["visitor_id","organization_id"]
isOneToOne: false
      referencedRelation: "visitors"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "conversations_website_id_organization_id_fkey"
      columns: ["website_id","organization_id"]
isOneToOne: false
      referencedRelation: "websites"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"csat_ratings": {
                  Row: {
                    "agent_id": string | null,"comment": string | null,"conversation_id": string,"created_at": string,"id": string,"organization_id": string,"rating": number,"resolution_id": string,"website_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "agent_id"?: string | null,"comment"?: string | null,"conversation_id": string,"created_at"?: string,"id"?: string,"organization_id": string,"rating": number,"resolution_id": string,"website_id"?: string | null
                  }
                  Update: {
                    "agent_id"?: string | null,"comment"?: string | null,"conversation_id"?: string,"created_at"?: string,"id"?: string,"organization_id"?: string,"rating"?: number,"resolution_id"?: string,"website_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "csat_ratings_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "csat_ratings_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "csat_ratings_resolution_id_organization_id_fkey"
      columns: ["resolution_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversation_transitions"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "csat_ratings_website_id_organization_id_fkey"
      columns: ["website_id","organization_id"]
isOneToOne: false
      referencedRelation: "websites"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"email_outbox": {
                  Row: {
                    "attempts": number,"created_at": string,"event_key": string,"id": string,"kind": Database["public"]['Enums']["email_kind"],"last_error": string | null,"lease_until": string | null,"not_before": string,"organization_id": string,"payload": NonNullable<Json>,"provider_id": string | null,"recipient": string,"sent_at": string | null,"status": Database["public"]['Enums']["email_status"],"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"created_at"?: string,"event_key": string,"id"?: string,"kind": Database["public"]['Enums']["email_kind"],"last_error"?: string | null,"lease_until"?: string | null,"not_before"?: string,"organization_id": string,"payload"?: NonNullable<Json>,"provider_id"?: string | null,"recipient": string,"sent_at"?: string | null,"status"?: Database["public"]['Enums']["email_status"],"updated_at"?: string
                  }
                  Update: {
                    "attempts"?: number,"created_at"?: string,"event_key"?: string,"id"?: string,"kind"?: Database["public"]['Enums']["email_kind"],"last_error"?: string | null,"lease_until"?: string | null,"not_before"?: string,"organization_id"?: string,"payload"?: NonNullable<Json>,"provider_id"?: string | null,"recipient"?: string,"sent_at"?: string | null,"status"?: Database["public"]['Enums']["email_status"],"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "email_outbox_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"events": {
                  Row: {
                    "conversation_id": string | null,"created_at": string,"id": string,"idempotency_key": string | null,"name": string,"occurred_at": string,"organization_id": string,"properties": NonNullable<Json>,"source": Database["public"]['Enums']["activity_source"],"visitor_id": string | null,"website_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "conversation_id"?: string | null,"created_at"?: string,"id"?: string,"idempotency_key"?: string | null,"name": string,"occurred_at"?: string,"organization_id": string,"properties"?: NonNullable<Json>,"source"?: Database["public"]['Enums']["activity_source"],"visitor_id"?: string | null,"website_id"?: string | null
                  }
                  Update: {
                    "conversation_id"?: string | null,"created_at"?: string,"id"?: string,"idempotency_key"?: string | null,"name"?: string,"occurred_at"?: string,"organization_id"?: string,"properties"?: NonNullable<Json>,"source"?: Database["public"]['Enums']["activity_source"],"visitor_id"?: string | null,"website_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "events_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "events_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "events_visitor_id_organization_id_fkey"
      columns: ["visitor_id","organization_id"]
isOneToOne: false
      referencedRelation: "visitors"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "events_website_id_organization_id_fkey"
      columns: ["website_id","organization_id"]
isOneToOne: false
      referencedRelation: "websites"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"holidays": {
                  Row: {
                    "created_at": string,"day": string,"id": string,"name": string,"organization_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"day": string,"id"?: string,"name": string,"organization_id": string,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"day"?: string,"id"?: string,"name"?: string,"organization_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "holidays_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"ingest_receipts": {
                  Row: {
                    "api_key_id": string | null,"idempotency_key": string,"item_type": string,"organization_id": string,"payload_hash": string,"received_at": string,"target_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "api_key_id"?: string | null,"idempotency_key": string,"item_type": string,"organization_id": string,"payload_hash": string,"received_at"?: string,"target_id": string
                  }
                  Update: {
                    "api_key_id"?: string | null,"idempotency_key"?: string,"item_type"?: string,"organization_id"?: string,"payload_hash"?: string,"received_at"?: string,"target_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "ingest_receipts_api_key_id_organization_id_fkey"
      columns: ["api_key_id","organization_id"]
isOneToOne: false
      referencedRelation: "api_keys"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "ingest_receipts_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"integrations": {
                  Row: {
                    "ai_enabled": boolean,"connected_at": string,"connected_by": string | null,"created_at": string,"disconnected_at": string | null,"display_name": string,"external_id": string,"id": string,"last_event_at": string | null,"organization_id": string,"platform": Database["public"]['Enums']["integration_platform"],"status": Database["public"]['Enums']["integration_status"],"status_reason": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "ai_enabled"?: boolean,"connected_at"?: string,"connected_by"?: string | null,"created_at"?: string,"disconnected_at"?: string | null,"display_name": string,"external_id": string,"id"?: string,"last_event_at"?: string | null,"organization_id": string,"platform": Database["public"]['Enums']["integration_platform"],"status"?: Database["public"]['Enums']["integration_status"],"status_reason"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "ai_enabled"?: boolean,"connected_at"?: string,"connected_by"?: string | null,"created_at"?: string,"disconnected_at"?: string | null,"display_name"?: string,"external_id"?: string,"id"?: string,"last_event_at"?: string | null,"organization_id"?: string,"platform"?: Database["public"]['Enums']["integration_platform"],"status"?: Database["public"]['Enums']["integration_status"],"status_reason"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "integrations_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"invitations": {
                  Row: {
                    "accepted_at": string | null,"created_at": string,"email": string,"expires_at": string,"id": string,"invited_by": string | null,"organization_id": string,"role": Database["public"]['Enums']["member_role"],"status": Database["public"]['Enums']["invitation_status"],"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "accepted_at"?: string | null,"created_at"?: string,"email": string,"expires_at"?: string,"id"?: string,"invited_by"?: string | null,"organization_id": string,"role"?: Database["public"]['Enums']["member_role"],"status"?: Database["public"]['Enums']["invitation_status"],"updated_at"?: string
                  }
                  Update: {
                    "accepted_at"?: string | null,"created_at"?: string,"email"?: string,"expires_at"?: string,"id"?: string,"invited_by"?: string | null,"organization_id"?: string,"role"?: Database["public"]['Enums']["member_role"],"status"?: Database["public"]['Enums']["invitation_status"],"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "invitations_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"labels": {
                  Row: {
                    "color": string,"created_at": string,"id": string,"name": string,"organization_id": string,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "color"?: string,"created_at"?: string,"id"?: string,"name": string,"organization_id": string,"updated_at"?: string
                  }
                  Update: {
                    "color"?: string,"created_at"?: string,"id"?: string,"name"?: string,"organization_id"?: string,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "labels_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"message_counts": {
                  Row: {
                    "bucket": string,"messages": number,"organization_id": string,"sender_type": Database["public"]['Enums']["sender_type"]
                  }
                  ComputedFields: never
                  Insert: {
                    "bucket": string,"messages": number,"organization_id": string,"sender_type": Database["public"]['Enums']["sender_type"]
                  }
                  Update: {
                    "bucket"?: string,"messages"?: number,"organization_id"?: string,"sender_type"?: Database["public"]['Enums']["sender_type"]
                  }
                  Relationships: [
                    {
      foreignKeyName: "message_counts_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"messages": {
                  Row: {
                    "body": string,"client_msg_id": string | null,"conversation_id": string,"created_at": string,"id": string,"is_internal": boolean,"metadata": NonNullable<Json>,"organization_id": string,"sender_id": string | null,"sender_type": Database["public"]['Enums']["sender_type"]
                  }
                  ComputedFields: never
                  Insert: {
                    "body": string,"client_msg_id"?: string | null,"conversation_id": string,"created_at"?: string,"id"?: string,"is_internal"?: boolean,"metadata"?: NonNullable<Json>,"organization_id": string,"sender_id"?: string | null,"sender_type": Database["public"]['Enums']["sender_type"]
                  }
                  Update: {
                    "body"?: string,"client_msg_id"?: string | null,"conversation_id"?: string,"created_at"?: string,"id"?: string,"is_internal"?: boolean,"metadata"?: NonNullable<Json>,"organization_id"?: string,"sender_id"?: string | null,"sender_type"?: Database["public"]['Enums']["sender_type"]
                  }
                  Relationships: [
                    {
      foreignKeyName: "messages_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "messages_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"notification_preferences": {
                  Row: {
                    "created_at": string,"desk_alerts": boolean,"escalation_emails": boolean,"organization_id": string,"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"desk_alerts"?: boolean,"escalation_emails": boolean,"organization_id": string,"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "created_at"?: string,"desk_alerts"?: boolean,"escalation_emails"?: boolean,"organization_id"?: string,"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "notification_preferences_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "notification_preferences_organization_id_user_id_fkey"
      columns: ["organization_id","user_id"]
isOneToOne: true
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    }
                  ]
                },"notifications": {
                  Row: {
                    "conversation_id": string,"created_at": string,"id": string,"kind": Database["public"]['Enums']["notification_kind"],"message_id": string | null,"organization_id": string,"read_at": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "conversation_id": string,"created_at"?: string,"id"?: string,"kind": Database["public"]['Enums']["notification_kind"],"message_id"?: string | null,"organization_id": string,"read_at"?: string | null,"user_id": string
                  }
                  Update: {
                    "conversation_id"?: string,"created_at"?: string,"id"?: string,"kind"?: Database["public"]['Enums']["notification_kind"],"message_id"?: string | null,"organization_id"?: string,"read_at"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "notifications_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "notifications_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "notifications_organization_id_user_id_fkey"
      columns: ["organization_id","user_id"]
isOneToOne: false
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    }
                  ]
                },"organization_domains": {
                  Row: {
                    "created_at": string,"domain": string,"organization_id": string,"role": Database["public"]['Enums']["member_role"],"verification_token": string,"verified_at": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"domain": string,"organization_id": string,"role"?: Database["public"]['Enums']["member_role"],"verification_token"?: string,"verified_at"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"domain"?: string,"organization_id"?: string,"role"?: Database["public"]['Enums']["member_role"],"verification_token"?: string,"verified_at"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "organization_domains_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"organization_members": {
                  Row: {
                    "available": boolean,"created_at": string,"last_auto_assigned_at": string | null,"organization_id": string,"role": Database["public"]['Enums']["member_role"],"updated_at": string,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "available"?: boolean,"created_at"?: string,"last_auto_assigned_at"?: string | null,"organization_id": string,"role"?: Database["public"]['Enums']["member_role"],"updated_at"?: string,"user_id": string
                  }
                  Update: {
                    "available"?: boolean,"created_at"?: string,"last_auto_assigned_at"?: string | null,"organization_id"?: string,"role"?: Database["public"]['Enums']["member_role"],"updated_at"?: string,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "organization_members_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "organization_members_user_id_fkey"
      columns: ["user_id"]
isOneToOne: false
      referencedRelation: "users"
      referencedColumns: ["id"]
    }
                  ]
                },"organizations": {
                  Row: {
                    "clerk_org_id": string | null,"created_at": string,"id": string,"kind": Database["public"]['Enums']["org_kind"],"name": string,"settings": NonNullable<Json>,"slug": string,"ticket_prefix": string,"ticket_seq": number,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "clerk_org_id"?: string | null,"created_at"?: string,"id"?: string,"kind"?: Database["public"]['Enums']["org_kind"],"name": string,"settings"?: NonNullable<Json>,"slug": string,"ticket_prefix"?: string,"ticket_seq"?: number,"updated_at"?: string
                  }
                  Update: {
                    "clerk_org_id"?: string | null,"created_at"?: string,"id"?: string,"kind"?: Database["public"]['Enums']["org_kind"],"name"?: string,"settings"?: NonNullable<Json>,"slug"?: string,"ticket_prefix"?: string,"ticket_seq"?: number,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"profiles": {
                  Row: {
                    "avatar_url": string | null,"bio": string,"created_at": string,"display_name": string,"expertise": (string)[],"hidden_at": string | null,"hidden_by": string | null,"id": string,"languages": (string)[],"linkedin_url": string | null,"opted_in": boolean,"organization_id": string,"title": string,"updated_at": string,"user_id": string,"work_email": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "avatar_url"?: string | null,"bio"?: string,"created_at"?: string,"display_name": string,"expertise"?: (string)[],"hidden_at"?: string | null,"hidden_by"?: string | null,"id"?: string,"languages"?: (string)[],"linkedin_url"?: string | null,"opted_in"?: boolean,"organization_id": string,"title"?: string,"updated_at"?: string,"user_id"?: string,"work_email"?: string | null
                  }
                  Update: {
                    "avatar_url"?: string | null,"bio"?: string,"created_at"?: string,"display_name"?: string,"expertise"?: (string)[],"hidden_at"?: string | null,"hidden_by"?: string | null,"id"?: string,"languages"?: (string)[],"linkedin_url"?: string | null,"opted_in"?: boolean,"organization_id"?: string,"title"?: string,"updated_at"?: string,"user_id"?: string,"work_email"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "profiles_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "profiles_organization_id_user_id_fkey"
      columns: ["organization_id","user_id"]
isOneToOne: true
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    }
                  ]
                },"saved_contacts": {
                  Row: {
                    "created_at": string,"email_clicked_at": string | null,"email_clicks": number,"id": string,"linkedin_clicked_at": string | null,"linkedin_clicks": number,"organization_id": string,"profile_id": string,"reason": string,"session_id": string | null,"user_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"email_clicked_at"?: string | null,"email_clicks"?: number,"id"?: string,"linkedin_clicked_at"?: string | null,"linkedin_clicks"?: number,"organization_id": string,"profile_id": string,"reason"?: string,"session_id"?: string | null,"user_id"?: string
                  }
                  Update: {
                    "created_at"?: string,"email_clicked_at"?: string | null,"email_clicks"?: number,"id"?: string,"linkedin_clicked_at"?: string | null,"linkedin_clicks"?: number,"organization_id"?: string,"profile_id"?: string,"reason"?: string,"session_id"?: string | null,"user_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "saved_contacts_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "saved_contacts_organization_id_user_id_fkey"
      columns: ["organization_id","user_id"]
isOneToOne: false
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    },{
      foreignKeyName: "saved_contacts_profile_id_organization_id_fkey"
      columns: ["profile_id","organization_id"]
isOneToOne: false
      referencedRelation: "profiles"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "saved_contacts_session_id_organization_id_user_id_fkey"
      columns: ["session_id","organization_id","user_id"]
isOneToOne: false
      referencedRelation: "chat_sessions"
      referencedColumns: ["id","organization_id","user_id"]
    }
                  ]
                },"sla_policies": {
                  Row: {
                    "created_at": string,"first_response_minutes": number | null,"organization_id": string,"priority": Database["public"]['Enums']["ticket_priority"],"resolution_minutes": number | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"first_response_minutes"?: number | null,"organization_id": string,"priority": Database["public"]['Enums']["ticket_priority"],"resolution_minutes"?: number | null,"updated_at"?: string
                  }
                  Update: {
                    "created_at"?: string,"first_response_minutes"?: number | null,"organization_id"?: string,"priority"?: Database["public"]['Enums']["ticket_priority"],"resolution_minutes"?: number | null,"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "sla_policies_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"ticket_labels": {
                  Row: {
                    "created_at": string,"created_by": string | null,"label_id": string,"organization_id": string,"ticket_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"label_id": string,"organization_id": string,"ticket_id": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"label_id"?: string,"organization_id"?: string,"ticket_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "ticket_labels_label_id_organization_id_fkey"
      columns: ["label_id","organization_id"]
isOneToOne: false
      referencedRelation: "labels"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "ticket_labels_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "ticket_labels_ticket_id_organization_id_fkey"
      columns: ["ticket_id","organization_id"]
isOneToOne: false
      referencedRelation: "ticket_slas"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "ticket_labels_ticket_id_organization_id_fkey"
      columns: ["ticket_id","organization_id"]
isOneToOne: false
      referencedRelation: "tickets"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"tickets": {
                  Row: {
                    "ai_context": NonNullable<Json>,"assignee_id": string | null,"conversation_id": string | null,"created_at": string,"customer_email": string | null,"customer_name": string | null,"id": string,"number": number,"organization_id": string,"original_query": string | null,"priority": Database["public"]['Enums']["ticket_priority"],"ref": string,"resolved_at": string | null,"resolved_by": string | null,"status": Database["public"]['Enums']["ticket_status"],"subject": string,"updated_at": string,"website_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "ai_context"?: NonNullable<Json>,"assignee_id"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"customer_email"?: string | null,"customer_name"?: string | null,"id"?: string,"number"?: number,"organization_id": string,"original_query"?: string | null,"priority"?: Database["public"]['Enums']["ticket_priority"],"ref"?: string,"resolved_at"?: string | null,"resolved_by"?: string | null,"status"?: Database["public"]['Enums']["ticket_status"],"subject": string,"updated_at"?: string,"website_id"?: string | null
                  }
                  Update: {
                    "ai_context"?: NonNullable<Json>,"assignee_id"?: string | null,"conversation_id"?: string | null,"created_at"?: string,"customer_email"?: string | null,"customer_name"?: string | null,"id"?: string,"number"?: number,"organization_id"?: string,"original_query"?: string | null,"priority"?: Database["public"]['Enums']["ticket_priority"],"ref"?: string,"resolved_at"?: string | null,"resolved_by"?: string | null,"status"?: Database["public"]['Enums']["ticket_status"],"subject"?: string,"updated_at"?: string,"website_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "tickets_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "tickets_organization_id_assignee_id_fkey"
      columns: ["organization_id","assignee_id"]
isOneToOne: false
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    },{
      foreignKeyName: "tickets_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tickets_website_id_organization_id_fkey"
      columns: ["website_id","organization_id"]
isOneToOne: false
      referencedRelation: "websites"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"users": {
                  Row: {
                    "avatar_url": string | null,"created_at": string,"email": string,"email_verified": boolean,"id": string,"name": string | null,"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "avatar_url"?: string | null,"created_at"?: string,"email": string,"email_verified"?: boolean,"id": string,"name"?: string | null,"updated_at"?: string
                  }
                  Update: {
                    "avatar_url"?: string | null,"created_at"?: string,"email"?: string,"email_verified"?: boolean,"id"?: string,"name"?: string | null,"updated_at"?: string
                  }
                  Relationships: [
                    
                  ]
                },"visitor_sessions": {
                  Row: {
                    "conversation_id": string,"created_at": string,"expires_at": string,"id": string,"last_seen_at": string,"organization_id": string,"revoked_at": string | null,"token_hash": string,"visitor_id": string,"website_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "conversation_id": string,"created_at"?: string,"expires_at"?: string,"id"?: string,"last_seen_at"?: string,"organization_id": string,"revoked_at"?: string | null,"token_hash": string,"visitor_id": string,"website_id": string
                  }
                  Update: {
                    "conversation_id"?: string,"created_at"?: string,"expires_at"?: string,"id"?: string,"last_seen_at"?: string,"organization_id"?: string,"revoked_at"?: string | null,"token_hash"?: string,"visitor_id"?: string,"website_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "visitor_sessions_conversation_id_organization_id_fkey"
      columns: ["conversation_id","organization_id"]
isOneToOne: false
      referencedRelation: "conversations"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "visitor_sessions_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "visitor_sessions_visitor_id_organization_id_fkey"
      columns: ["visitor_id","organization_id"]
isOneToOne: false
      referencedRelation: "visitors"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "visitor_sessions_website_id_organization_id_fkey"
      columns: ["website_id","organization_id"]
isOneToOne: false
      referencedRelation: "websites"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"visitors": {
                  Row: {
                    "created_at": string,"email": string | null,"external_id": string | null,"first_seen_at": string,"id": string,"last_seen_at": string,"metadata": NonNullable<Json>,"name": string | null,"organization_id": string,"updated_at": string,"website_id": string | null
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"email"?: string | null,"external_id"?: string | null,"first_seen_at"?: string,"id"?: string,"last_seen_at"?: string,"metadata"?: NonNullable<Json>,"name"?: string | null,"organization_id": string,"updated_at"?: string,"website_id"?: string | null
                  }
                  Update: {
                    "created_at"?: string,"email"?: string | null,"external_id"?: string | null,"first_seen_at"?: string,"id"?: string,"last_seen_at"?: string,"metadata"?: NonNullable<Json>,"name"?: string | null,"organization_id"?: string,"updated_at"?: string,"website_id"?: string | null
                  }
                  Relationships: [
                    {
      foreignKeyName: "visitors_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "visitors_website_id_organization_id_fkey"
      columns: ["website_id","organization_id"]
isOneToOne: false
      referencedRelation: "websites"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"webhook_deliveries": {
                  Row: {
                    "attempts": number,"created_at": string,"delivered_at": string | null,"endpoint_id": string,"error_message": string | null,"event_type": Database["public"]['Enums']["webhook_event"],"id": string,"locked_until": string | null,"next_attempt_at": string | null,"organization_id": string,"payload": NonNullable<Json>,"redelivered_at": string | null,"response_excerpt": string | null,"response_status": number | null,"status": Database["public"]['Enums']["webhook_delivery_status"],"updated_at": string
                  }
                  ComputedFields: never
                  Insert: {
                    "attempts"?: number,"created_at"?: string,"delivered_at"?: string | null,"endpoint_id": string,"error_message"?: string | null,"event_type": Database["public"]['Enums']["webhook_event"],"id"?: string,"locked_until"?: string | null,"next_attempt_at"?: string | null,"organization_id": string,"payload": NonNullable<Json>,"redelivered_at"?: string | null,"response_excerpt"?: string | null,"response_status"?: number | null,"status"?: Database["public"]['Enums']["webhook_delivery_status"],"updated_at"?: string
                  }
                  Update: {
                    "attempts"?: number,"created_at"?: string,"delivered_at"?: string | null,"endpoint_id"?: string,"error_message"?: string | null,"event_type"?: Database["public"]['Enums']["webhook_event"],"id"?: string,"locked_until"?: string | null,"next_attempt_at"?: string | null,"organization_id"?: string,"payload"?: NonNullable<Json>,"redelivered_at"?: string | null,"response_excerpt"?: string | null,"response_status"?: number | null,"status"?: Database["public"]['Enums']["webhook_delivery_status"],"updated_at"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_deliveries_endpoint_id_organization_id_fkey"
      columns: ["endpoint_id","organization_id"]
isOneToOne: false
      referencedRelation: "webhook_endpoints"
      referencedColumns: ["id","organization_id"]
    },{
      foreignKeyName: "webhook_deliveries_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"webhook_endpoints": {
                  Row: {
                    "created_at": string,"created_by": string | null,"description": string | null,"enabled": boolean,"events": (Database["public"]['Enums']["webhook_event"])[],"id": string,"organization_id": string,"secret_hint": string,"updated_at": string,"url": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"created_by"?: string | null,"description"?: string | null,"enabled"?: boolean,"events": (Database["public"]['Enums']["webhook_event"])[],"id"?: string,"organization_id": string,"secret_hint": string,"updated_at"?: string,"url": string
                  }
                  Update: {
                    "created_at"?: string,"created_by"?: string | null,"description"?: string | null,"enabled"?: boolean,"events"?: (Database["public"]['Enums']["webhook_event"])[],"id"?: string,"organization_id"?: string,"secret_hint"?: string,"updated_at"?: string,"url"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "webhook_endpoints_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                },"website_refused_origins": {
                  Row: {
                    "first_seen_at": string,"last_seen_at": string,"organization_id": string,"origin": string,"refusals": number,"website_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "first_seen_at"?: string,"last_seen_at"?: string,"organization_id": string,"origin": string,"refusals"?: number,"website_id": string
                  }
                  Update: {
                    "first_seen_at"?: string,"last_seen_at"?: string,"organization_id"?: string,"origin"?: string,"refusals"?: number,"website_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "website_refused_origins_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "website_refused_origins_website_id_organization_id_fkey"
      columns: ["website_id","organization_id"]
isOneToOne: false
      referencedRelation: "websites"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"website_secrets": {
                  Row: {
                    "created_at": string,"identity_secret": string,"organization_id": string,"rotated_at": string | null,"website_id": string
                  }
                  ComputedFields: never
                  Insert: {
                    "created_at"?: string,"identity_secret"?: string,"organization_id": string,"rotated_at"?: string | null,"website_id": string
                  }
                  Update: {
                    "created_at"?: string,"identity_secret"?: string,"organization_id"?: string,"rotated_at"?: string | null,"website_id"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "website_secrets_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "website_secrets_website_id_organization_id_fkey"
      columns: ["website_id","organization_id"]
isOneToOne: true
      referencedRelation: "websites"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                },"websites": {
                  Row: {
                    "allowed_origins": (string)[],"avatar_url": string | null,"brand_color": string,"created_at": string,"domain": string,"greeting": string | null,"id": string,"input_placeholder": string | null,"launcher_icon": string,"name": string,"organization_id": string,"public_key": string,"updated_at": string,"widget_language": string | null,"widget_position": string
                  }
                  ComputedFields: never
                  Insert: {
                    "allowed_origins"?: (string)[],"avatar_url"?: string | null,"brand_color"?: string,"created_at"?: string,"domain": string,"greeting"?: string | null,"id"?: string,"input_placeholder"?: string | null,"launcher_icon"?: string,"name": string,"organization_id": string,"public_key"?: string,"updated_at"?: string,"widget_language"?: string | null,"widget_position"?: string
                  }
                  Update: {
                    "allowed_origins"?: (string)[],"avatar_url"?: string | null,"brand_color"?: string,"created_at"?: string,"domain"?: string,"greeting"?: string | null,"id"?: string,"input_placeholder"?: string | null,"launcher_icon"?: string,"name"?: string,"organization_id"?: string,"public_key"?: string,"updated_at"?: string,"widget_language"?: string | null,"widget_position"?: string
                  }
                  Relationships: [
                    {
      foreignKeyName: "websites_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    }
                  ]
                }
          }
          Views: {
            "ticket_slas": {
                  Row: {
                    "assignee_id": string | null,"breached": boolean | null,"created_at": string,"customer_email": string | null,"customer_name": string | null,"due_soon": boolean | null,"first_response_at": string | null,"first_response_breached": boolean | null,"first_response_due_at": string | null,"first_response_minutes": number | null,"id": string,"next_due_at": string | null,"next_target_minutes": number | null,"organization_id": string,"original_query": string | null,"priority": Database["public"]['Enums']["ticket_priority"],"ref": string,"resolution_breached": boolean | null,"resolution_due_at": string | null,"resolution_minutes": number | null,"resolved_at": string | null,"seconds_left": number | null,"status": Database["public"]['Enums']["ticket_status"],"subject": string,"website_id": string | null
                  }
                  ComputedFields: never
                  Relationships: [
                    {
      foreignKeyName: "tickets_organization_id_assignee_id_fkey"
      columns: ["organization_id","assignee_id"]
isOneToOne: false
      referencedRelation: "organization_members"
      referencedColumns: ["organization_id","user_id"]
    },{
      foreignKeyName: "tickets_organization_id_fkey"
      columns: ["organization_id"]
isOneToOne: false
      referencedRelation: "organizations"
      referencedColumns: ["id"]
    },{
      foreignKeyName: "tickets_website_id_organization_id_fkey"
      columns: ["website_id","organization_id"]
isOneToOne: false
      referencedRelation: "websites"
      referencedColumns: ["id","organization_id"]
    }
                  ]
                }
          }
          Functions: {
            "accept_invitation":
{ Args: { "p_invitation_id": string }; Returns: Json
                           },
"analytics_article_quality":
{ Args: { "p_from": string,"p_limit"?: number,"p_to": string }; Returns: {
              "answers": number,"article_id": string,"escalations": number,"thumbs_down": number,"thumbs_up": number,"title": string
            }[]
                           },
"analytics_conversions":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "converted": number,"from_event": string,"name": string,"ord": number,"rate": number,"started": number,"to_event": string
            }[]
                           },
"analytics_csat":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "average": number,"dimension": string,"key": string,"ratings": number,"satisfied": number
            }[]
                           },
"analytics_daily":
{ Args: { "p_from": string,"p_to": string,"p_tz"?: string }; Returns: {
              "active_visitors": number,"agent_messages": number,"ai_deflected": number,"ai_messages": number,"conversations": number,"day": string,"escalated": number,"events": number,"messages": number,"new_visitors": number,"visitor_messages": number
            }[]
                           },
"analytics_escalation_reasons":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "conversations": number,"reason": string
            }[]
                           },
"analytics_event_totals":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "events": number,"name": string,"visitors": number
            }[]
                           },
"analytics_sla":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "first_response_breached": number,"first_response_met_pct": number,"first_response_targets": number,"priority": Database["public"]['Enums']["ticket_priority"],"resolution_breached": number,"resolution_met_pct": number,"resolution_targets": number,"tickets": number
            }[]
                           },
"analytics_summary":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "active_visitors": number,"agent_messages": number,"ai_deflected": number,"ai_messages": number,"conversations": number,"deflection_rate": number,"engaged": number,"escalated": number,"escalation_rate": number,"events": number,"median_first_response_seconds": number,"median_resolution_seconds": number,"messages": number,"new_visitors": number,"resolved": number,"tickets": number,"visitor_messages": number
            }[]
                           },
"analytics_tickets":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "status": Database["public"]['Enums']["ticket_status"],"tickets": number,"website_id": string,"website_name": string
            }[]
                           },
"analytics_top_articles":
{ Args: { "p_from": string,"p_limit"?: number,"p_to": string }; Returns: {
              "article_id": string,"clicks": number,"mentions": number,"title": string,"url": string,"views": number
            }[]
                           },
"approve_article_proposal":
{ Args: { "p_body"?: string,"p_proposal_id": string,"p_title"?: string }; Returns: string
                           },
"article_proposal_list":
{ Args: { "p_limit"?: number,"p_status"?: string }; Returns: {
              "answer": string,"article_id": string,"article_title": string,"conversation_id": string,"created_at": string,"id": string,"question": string,"result_article_id": string,"status": string,"would_answer": number
            }[]
                           },
"assign_users_without_organization":
{ Args: { "p_organization": string,"p_role": Database["public"]['Enums']["member_role"] }; Returns: number
                           },
"channel_ai_turn":
{ Args: { "p_conversation_id": string,"p_history"?: number }; Returns: Json
                           },
"channel_connect":
{ Args: { "p_access_token": string,"p_display_name": string,"p_external_id": string,"p_key": string,"p_organization": string,"p_platform": Database["public"]['Enums']["integration_platform"],"p_refresh_expires_at": string,"p_refresh_token": string,"p_token_expires_at": string,"p_user": string }; Returns: string
                           },
"channel_connect_caller":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"channel_credentials":
{ Args: { "p_integration": string,"p_key": string }; Returns: {
              "access_token": string,"refresh_expires_at": string,"refresh_token": string,"token_expires_at": string
            }[]
                           },
"channel_expiring_tokens":
{ Args: { "p_within": string }; Returns: {
              "integration_id": string,"platform": Database["public"]['Enums']["integration_platform"]
            }[]
                           },
"channel_hand_over":
{ Args: { "p_conversation_id": string,"p_reason": string }; Returns: Json
                           },
"channel_needs_reconnect":
{ Args: { "p_integration": string,"p_reason": string }; Returns: undefined
                           },
"channel_outbox_claim":
{ Args: { "p_limit": number }; Returns: {
              "attempts": number,"body": string,"customer_id": string,"integration_id": string,"last_customer_message_at": string,"message_id": string,"organization_id": string,"page_id": string,"platform": Database["public"]['Enums']["integration_platform"],"sender_type": Database["public"]['Enums']["sender_type"]
            }[]
                           },
"channel_outbox_mark":
{ Args: { "p_error_code": string,"p_error_message": string,"p_message": string,"p_platform_message_id": string,"p_retry": boolean,"p_sent": boolean }; Returns: Database["public"]['Enums']["channel_delivery_status"]
                           },
"channel_receive":
{ Args: { "p_events": Json,"p_page": string,"p_platform": Database["public"]['Enums']["integration_platform"] }; Returns: Json
                           },
"channel_search_articles":
{ Args: { "p_limit"?: number,"p_org": string,"p_query": string }; Returns: Json
                           },
"channel_store_tokens":
{ Args: { "p_access_token": string,"p_integration": string,"p_key": string,"p_refresh_expires_at": string,"p_refresh_token": string,"p_token_expires_at": string }; Returns: undefined
                           },
"clerk_outbox_claim":
{ Args: { "p_limit"?: number }; Returns: {
              "attempts": number,"clerk_org_id": string,"id": number,"kind": string,"org_exists": boolean,"org_name": string,"org_slug": string,"organization_id": string,"role": Database["public"]['Enums']["member_role"],"user_id": string,"version": number
            }[]
                           },
"clerk_outbox_complete":
{ Args: { "p_clerk_org_id"?: string,"p_id": number,"p_version": number }; Returns: undefined
                           },
"clerk_outbox_fail":
{ Args: { "p_error": string,"p_id": number,"p_retry_after"?: number }; Returns: undefined
                           },
"clerk_sync_enable":
{ Args: Record<PropertyKey, never>; Returns: undefined
                           },
"create_api_key":
{ Args: { "p_name": string,"p_scopes": (string)[] }; Returns: Json
                           },
"create_webhook_endpoint":
{ Args: { "p_description"?: string,"p_events": (Database["public"]['Enums']["webhook_event"])[],"p_url": string }; Returns: {
              "id": string,"secret": string
            }[]
                           },
"delete_organization":
{ Args: { "p_confirm_slug": string,"p_organization_id": string }; Returns: undefined
                           },
"disconnect_integration":
{ Args: { "p_integration": string }; Returns: undefined
                           },
"dismiss_article_proposal":
{ Args: { "p_proposal_id": string }; Returns: undefined
                           },
"domain_verification_challenge":
{ Args: { "p_domain": string }; Returns: Json
                           },
"email_claim":
{ Args: { "p_lease_seconds"?: number,"p_limit"?: number }; Returns: Json
                           },
"email_mark":
{ Args: { "p_error"?: string,"p_id": string,"p_permanent"?: boolean,"p_provider_id"?: string,"p_sent": boolean }; Returns: boolean
                           },
"email_rate_conversation":
{ Args: { "p_comment"?: string,"p_org": string,"p_rating"?: number,"p_resolution": string }; Returns: Json
                           },
"email_unsubscribe":
{ Args: { "p_email": string,"p_kind": Database["public"]['Enums']["email_kind"],"p_org": string }; Returns: undefined
                           },
"erase_visitor":
{ Args: { "p_visitor_id": string }; Returns: Json
                           },
"export_organization":
{ Args: { "p_organization_id": string }; Returns: Json
                           },
"hand_back_conversation":
{ Args: { "p_conversation_id": string }; Returns: Database["public"]['Enums']["conversation_state"]
                           },
"help_center":
{ Args: { "p_slug": string }; Returns: Json
                           },
"help_center_enabled":
{ Args: { "p_organization_id": string }; Returns: boolean
                           },
"inbox_counts":
{ Args: Record<PropertyKey, never>; Returns: {
              "all_conversations": number,"mine": number,"needs_reply": number,"resolved": number,"unassigned": number,"unread": number,"waiting_on_customer": number
            }[]
                           },
"inbox_label_counts":
{ Args: Record<PropertyKey, never>; Returns: {
              "color": string,"label_id": string,"name": string,"open_conversations": number
            }[]
                           },
"ingest_authenticate":
{ Args: { "p_api_key": string,"p_scope": string }; Returns: string
                           },
"ingest_batch":
{ Args: { "p_api_key": string,"p_items": Json }; Returns: Json
                           },
"ingest_lookup":
{ Args: { "p_api_key": string,"p_idempotency_keys": (string)[] }; Returns: Json
                           },
"label_counts":
{ Args: { "p_from": string,"p_to": string }; Returns: {
              "color": string,"conversations": number,"label_id": string,"name": string,"tickets": number
            }[]
                           },
"mark_conversation_read":
{ Args: { "p_conversation_id": string }; Returns: string
                           },
"match_profiles":
{ Args: { "p_limit"?: number,"p_query": string }; Returns: {
              "matched_terms": (string)[],"profile_id": string,"score": number
            }[]
                           },
"my_pending_invitations":
{ Args: Record<PropertyKey, never>; Returns: {
              "expires_at": string,"id": string,"organization_name": string,"organization_slug": string,"role": Database["public"]['Enums']["member_role"]
            }[]
                           },
"record_contact_click":
{ Args: { "p_kind": string,"p_saved_contact_id": string }; Returns: string
                           },
"record_domain_verification":
{ Args: { "p_domain": string,"p_organization_id": string,"p_token": string }; Returns: Json
                           },
"redeliver_webhook":
{ Args: { "p_delivery": string }; Returns: undefined
                           },
"resolve_conversation":
{ Args: { "p_conversation_id": string }; Returns: Database["public"]['Enums']["conversation_state"]
                           },
"rotate_webhook_secret":
{ Args: { "p_endpoint": string }; Returns: string
                           },
"save_contact":
{ Args: { "p_profile_id": string,"p_reason"?: string,"p_session_id"?: string }; Returns: {
              "already_saved": boolean,"saved_contact_id": string
            }[]
                           },
"search_messages":
{ Args: { "p_query": string }; Returns: {
              "body": string,
"client_msg_id": string | null,
"conversation_id": string,
"created_at": string,
"id": string,
"is_internal": boolean,
"metadata": NonNullable<Json>,
"organization_id": string,
"sender_id": string | null,
"sender_type": Database["public"]['Enums']["sender_type"]
            }[]
                          SetofOptions: {
        from: "*"
        to: "messages"
        isOneToOne: false
        isSetofReturn: true
      } },
"set_articles_agents_publish":
{ Args: { "p_allowed": boolean,"p_organization_id": string }; Returns: number
                           },
"set_help_center_enabled":
{ Args: { "p_enabled": boolean,"p_organization_id": string }; Returns: number
                           },
"set_my_availability":
{ Args: { "p_available": boolean }; Returns: boolean
                           },
"set_profile_hidden":
{ Args: { "p_hidden": boolean,"p_profile_id": string }; Returns: boolean
                           },
"store_ai_reply":
{ Args: { "p_body": string,"p_client_msg_id": string,"p_conversation_id": string,"p_metadata"?: Json }; Returns: Json
                           },
"store_summary":
{ Args: { "p_conversation_id": string,"p_force"?: boolean,"p_org": string,"p_summary": string }; Returns: boolean
                           },
"summary_candidates":
{ Args: { "p_force"?: boolean,"p_idle_minutes"?: number,"p_limit"?: number,"p_org": string }; Returns: Json
                           },
"summary_organizations":
{ Args: { "p_idle_minutes"?: number }; Returns: string[]
                           },
"summary_scope":
{ Args: Record<PropertyKey, never>; Returns: string
                           },
"sync_clerk_event":
{ Args: { "p_clerk_mode"?: boolean,"p_delivery_id": string,"p_event": Json }; Returns: Json
                           },
"sync_clerk_user":
{ Args: { "p_delivery_id": string,"p_event": Json }; Returns: Json
                           },
"take_over_conversation":
{ Args: { "p_conversation_id": string }; Returns: Database["public"]['Enums']["conversation_state"]
                           },
"team_analytics":
{ Args: { "p_from": string,"p_to": string }; Returns: Json
                           },
"team_hours_status":
{ Args: Record<PropertyKey, never>; Returns: Json
                           },
"ticket_label_counts":
{ Args: Record<PropertyKey, never>; Returns: {
              "color": string,"label_id": string,"name": string,"tickets": number
            }[]
                           },
"ticket_status_counts":
{ Args: Record<PropertyKey, never>; Returns: {
              "status": Database["public"]['Enums']["ticket_status"],"tickets": number
            }[]
                           },
"unread_count":
{ Args: { "c": Omit<Database["public"]['Tables']["conversations"]['Row'], Database["public"]['Tables']["conversations"]['ComputedFields']> }; Returns: number
                           },
"update_organization_settings":
{ Args: { "p_name"?: string,"p_organization_id": string,"p_settings": Json }; Returns: number
                           },
"webhook_outbox_claim":
{ Args: { "p_limit": number }; Returns: {
              "attempts": number,"delivery_id": string,"endpoint_id": string,"organization_id": string,"payload": Json,"secret": string,"url": string
            }[]
                           },
"webhook_outbox_mark":
{ Args: { "p_delivery": string,"p_error": string,"p_ok": boolean,"p_response_excerpt": string,"p_response_status": number,"p_retry": boolean }; Returns: Database["public"]['Enums']["webhook_delivery_status"]
                           },
"widget_appearance":
{ Args: { "p_origin": string,"p_website_key": string }; Returns: Json
                           },
"widget_chat_turn":
{ Args: { "p_body": string,"p_client_msg_id": string,"p_history"?: number,"p_session_token": string }; Returns: Json
                           },
"widget_escalate":
{ Args: { "p_email": string,"p_name": string,"p_reason"?: string,"p_session_token": string }; Returns: Json
                           },
"widget_identify":
{ Args: { "p_email": string,"p_external_id": string,"p_hmac": string,"p_session_token": string }; Returns: Json
                           },
"widget_messages":
{ Args: { "p_after"?: string,"p_session_token": string }; Returns: Json
                           },
"widget_post_message":
{ Args: { "p_body": string,"p_client_msg_id": string,"p_session_token": string }; Returns: Json
                           },
"widget_rate_answer":
{ Args: { "p_message_id": string,"p_rating": number,"p_session_token": string }; Returns: Json
                           },
"widget_rate_conversation":
{ Args: { "p_comment"?: string,"p_rating": number,"p_session_token": string }; Returns: Json
                           },
"widget_record_refused_origin":
{ Args: { "p_origin": string,"p_website_key": string }; Returns: undefined
                           },
"widget_request_transcript":
{ Args: { "p_session_token": string }; Returns: Json
                           },
"widget_search_articles":
{ Args: { "p_limit"?: number,"p_query": string,"p_session_token": string }; Returns: Json
                           },
"widget_start_session":
{ Args: { "p_origin": string,"p_session_token"?: string,"p_website_key": string }; Returns: Json
                           },
"widget_team_hours":
{ Args: { "p_website_key": string }; Returns: Json
                           }
          }
          Enums: {
            "activity_source": "api"|"widget"|"dashboard","channel_delivery_status": "received"|"pending"|"sending"|"sent"|"delivered"|"read"|"failed","channel_direction": "in"|"out","conversation_state": "bot"|"waiting_for_agent"|"with_agent"|"needs_reply"|"resolved","conversation_status": "open"|"pending"|"closed","email_kind": "invitation"|"agent_reply"|"escalation"|"transcript"|"channel_alert"|"csat_request","email_status": "pending"|"sending"|"sent"|"failed"|"skipped","integration_platform": "facebook"|"zalo","integration_status": "active"|"needs_reconnect"|"disconnected","invitation_status": "pending"|"accepted"|"revoked"|"expired","member_role": "viewer"|"agent"|"admin"|"owner","notification_kind": "escalation"|"visitor_reply","org_kind": "personal"|"team","sender_type": "visitor"|"ai"|"agent"|"system","ticket_priority": "low"|"normal"|"high"|"urgent","ticket_status": "open"|"pending"|"resolved"|"closed","webhook_delivery_status": "pending"|"sending"|"succeeded"|"failed","webhook_event": "conversation.created"|"conversation.escalated"|"message.created"|"ticket.resolved"|"csat.received"
          }
          CompositeTypes: {
            [_ in never]: never
          }
        }
}

type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
      Row: infer R
    }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Insert: infer I
    }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
      Update: infer U
    }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never

export const Constants = {
  "public": {
          Enums: {
            "activity_source": ["api", "widget", "dashboard"],"channel_delivery_status": ["received", "pending", "sending", "sent", "delivered", "read", "failed"],"channel_direction": ["in", "out"],"conversation_state": ["bot", "waiting_for_agent", "with_agent", "needs_reply", "resolved"],"conversation_status": ["open", "pending", "closed"],"email_kind": ["invitation", "agent_reply", "escalation", "transcript", "channel_alert", "csat_request"],"email_status": ["pending", "sending", "sent", "failed", "skipped"],"integration_platform": ["facebook", "zalo"],"integration_status": ["active", "needs_reconnect", "disconnected"],"invitation_status": ["pending", "accepted", "revoked", "expired"],"member_role": ["viewer", "agent", "admin", "owner"],"notification_kind": ["escalation", "visitor_reply"],"org_kind": ["personal", "team"],"sender_type": ["visitor", "ai", "agent", "system"],"ticket_priority": ["low", "normal", "high", "urgent"],"ticket_status": ["open", "pending", "resolved", "closed"],"webhook_delivery_status": ["pending", "sending", "succeeded", "failed"],"webhook_event": ["conversation.created", "conversation.escalated", "message.created", "ticket.resolved", "csat.received"]
          }
        }
} as const
